import { Injectable, OnModuleInit } from '@nestjs/common';
import { WebExtensions } from '@picsweb/common';
import { chaseListPath, HELP_PATH, levelsPath, skillsPath, SUMMARY_PATH, syncRunsPath, unmatchedPath } from './bksb-paths';
import { BksbPersonPanelRenderer } from './person/bksb-person-panel.renderer';
import { BksbSkillsPanelRenderer } from './person/bksb-skills-panel.renderer';

/** What the plugin adds to the host's pages, through the host's extension points only. */
@Injectable()
export class BksbWebExtensions implements OnModuleInit {
  constructor(
    private readonly extensions: WebExtensions,
    private readonly personPanel: BksbPersonPanelRenderer,
    private readonly skillsPanel: BksbSkillsPanelRenderer,
  ) {}

  onModuleInit(): void {
    // Every bksb page, under bksb in the menu's Integrations.
    const bksbPage = (label: string, href: string) => this.extensions.addMenuEntry({ label, href, roles: ['admin', 'staff'], section: 'Configuration', group: 'bksb' });
    bksbPage('Summary', SUMMARY_PATH);
    bksbPage('People without an account', unmatchedPath());
    bksbPage('Chase list', chaseListPath());
    bksbPage('Levels', levelsPath());
    bksbPage('Skills', skillsPath());
    bksbPage('Sync runs', syncRunsPath());
    // Every bksb page has a Help link, in the frame; the person panel and the Settings window carry their own.
    this.extensions.addHelpLink({ pathPrefix: SUMMARY_PATH, href: HELP_PATH, roles: ['admin', 'staff'] });
    this.extensions.addPersonPanel(this.personPanel);
    this.extensions.addPersonPanel(this.skillsPanel);
  }
}
