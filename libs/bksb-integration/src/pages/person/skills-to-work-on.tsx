import { UkTime } from '@picsweb/common';
import type { VNode } from 'preact';
import { LEVEL_LABELS, SUBJECT_LABELS } from '../../labels/bksb-labels';
import { SkillComponentView, SubjectSkills } from '../../views/bksb-skills.service';
import { SUBJECT_KEY_OF } from '../../domain/bksb-domain';

/** What was measured: the level named in our words, a percentage, or bksb's own text when it is neither. */
export function measuredLabel(component: Pick<SkillComponentView, 'measured' | 'level' | 'percent'>): string {
  if (component.level) return LEVEL_LABELS[component.level];
  if (component.percent !== null) return `${component.percent}%`;
  return component.measured || 'Not measured';
}

function Components({ components }: { components: SkillComponentView[] }): VNode {
  return (
    <ul class="skills-list">
      {components.map((component) => (
        <li key={component.name}>
          {`${component.name}: `}
          <strong>{measuredLabel(component)}</strong>
        </li>
      ))}
    </ul>
  );
}

function Subject({ skills }: { skills: SubjectSkills }): VNode {
  const gaps = skills.components.filter((component) => component.gap);
  const others = skills.components.filter((component) => !component.gap);
  return (
    <>
      <h3>{SUBJECT_LABELS[SUBJECT_KEY_OF[skills.subject]]}</h3>
      <p class="hint">
        {`${skills.assessmentName}, done `}
        <UkTime at={skills.measuredAt} />
      </p>
      {skills.noBreakdown ? (
        <p>No breakdown from bksb for this diagnostic.</p>
      ) : gaps.length === 0 ? (
        <p>No gaps: every part was measured at or above the level assessed.</p>
      ) : (
        <Components components={gaps} />
      )}
      {others.length > 0 && (
        <details>
          <summary>{`The other ${others.length} part${others.length === 1 ? '' : 's'} of ${SUBJECT_LABELS[SUBJECT_KEY_OF[skills.subject]]}`}</summary>
          <Components components={others} />
        </details>
      )}
    </>
  );
}

/**
 * Skills to work on, its own section after the bksb panel: per subject, the parts of the
 * curriculum the latest diagnostic measured below the level it assessed (or under 50%),
 * weakest first; the other parts folded away.
 */
export function SkillsToWorkOn({ subjects }: { subjects: SubjectSkills[] }): VNode {
  return (
    <section class="panel bksb-skills" aria-labelledby="bksb-skills-heading">
      <h2 id="bksb-skills-heading">Skills to work on</h2>
      {subjects.length === 0 ? (
        <p>No finished diagnostic assessment from bksb yet. With Download Diagnostic Assessment Results on, the sync brings each diagnostic's breakdown.</p>
      ) : (
        <>
          <p class="hint">From each subject's latest diagnostic assessment in bksb: the parts measured below the level it assessed, or under 50%, weakest first.</p>
          {subjects.map((skills) => (
            <Subject key={skills.subject} skills={skills} />
          ))}
        </>
      )}
    </section>
  );
}
