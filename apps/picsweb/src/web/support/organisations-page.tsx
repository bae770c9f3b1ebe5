import { DataTable, ErrorSummary, FieldError, PostForm, RunStatusTag, TextField } from '@picsweb/common';
import type { VNode } from 'preact';
import { OrganisationView } from '../../organisations/organisations.service';

/** A switch that shows its state, On or Off, in words beside a track (GOV.UK-like); revoking asks first. */
function LicenceSwitch({ organisation }: { organisation: OrganisationView }): VNode {
  const on = organisation.licences.bksb;
  return (
    <PostForm action={`/support/organisations/${organisation.id}/licences/bksb`} class="inline-form">
      <input type="hidden" name="enabled" value={on ? 'false' : 'true'} />
      <button type="submit" role="switch" aria-checked={on ? 'true' : 'false'} aria-label={`bksb licence for ${organisation.name}`} class={on ? 'switch switch-on' : 'switch'}>
        <span class="switch-track" aria-hidden="true">
          <span class="switch-knob" />
        </span>
        {on ? 'On' : 'Off'}
      </button>
    </PostForm>
  );
}

export function OrganisationsPage({ organisations, name, errors }: { organisations: OrganisationView[]; name: string; errors: FieldError[] }): VNode {
  return (
    <>
      <h1>Organisations</h1>
      <DataTable
        label="Organisations"
        rows={organisations}
        rowKey={(organisation) => organisation.id}
        columns={[
          { header: 'Name', cell: (organisation) => organisation.name },
          { header: 'bksb licence', cell: (organisation) => <LicenceSwitch organisation={organisation} /> },
          { header: 'bksb integration', cell: (organisation) => (organisation.bksb.enabled ? 'Enabled' : 'Not enabled') },
          { header: 'Last run', cell: (organisation) => (organisation.bksb.lastRunStatus ? <RunStatusTag status={organisation.bksb.lastRunStatus} /> : '–') },
          { header: 'Problem', cell: (organisation) => organisation.bksb.problem ?? 'None' },
        ]}
      />
      <section aria-labelledby="add-organisation" class="narrow">
        <h2 id="add-organisation">Add organisation</h2>
        <ErrorSummary errors={errors} />
        <PostForm action="/support/organisations">
          <TextField name="name" label="Organisation name" value={name} errors={errors} />
          <button type="submit">Add organisation</button>
        </PostForm>
      </section>
    </>
  );
}

/** Revoking stops the organisation's bksb pages and syncs; the page says what stays. */
export function RevokeLicencePage({ organisation }: { organisation: OrganisationView }): VNode {
  return (
    <section class="narrow">
      <h1>{`Revoke the bksb licence of ${organisation.name}?`}</h1>
      <p>
        Its staff will no longer see the bksb pages and its scheduled syncs stop. Nothing is deleted: accounts, results and settings are kept
        for when the licence is switched on again.
      </p>
      <PostForm action={`/support/organisations/${organisation.id}/licences/bksb`}>
        <input type="hidden" name="enabled" value="false" />
        <input type="hidden" name="confirmed" value="true" />
        <div class="actions">
          <button type="submit" class="warning">
            Revoke licence
          </button>
          <a href="/support/organisations">Cancel</a>
        </div>
      </PostForm>
    </section>
  );
}
