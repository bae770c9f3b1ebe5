import { Injectable } from '@nestjs/common';
import type { VNode } from 'preact';
import { AuthenticatedUser, Role } from '../auth/role';
import { PersonType } from '../ports/people-directory.port';

/** An entry of the side menu. `section` places it under a heading (e.g. Configuration), `group` under a name within it (e.g. bksb). */
export interface MenuEntry {
  label: string;
  href: string;
  roles: Role[];
  section?: 'Configuration';
  group?: string;
}

/** A Help link the frame shows on every page under `pathPrefix`, to the roles named. */
export interface HelpLink {
  pathPrefix: string;
  href: string;
  roles: Role[];
}

export interface PersonPanelInput {
  user: AuthenticatedUser;
  organisationId: string;
  personType: PersonType;
  personId: string;
}

/** A section a plugin adds to the learner and applicant pages. */
export interface PersonPanel {
  render(input: PersonPanelInput): Promise<VNode | null>;
}

/**
 * The host's extension points for pages: a plugin adds its menu entries and person
 * panels here when its module starts, and the host's pages show whatever is registered.
 */
@Injectable()
export class WebExtensions {
  private readonly menu: MenuEntry[] = [];
  private readonly panels: PersonPanel[] = [];
  private readonly helpLinks: HelpLink[] = [];

  addMenuEntry(entry: MenuEntry): void {
    this.menu.push(entry);
  }

  addPersonPanel(panel: PersonPanel): void {
    this.panels.push(panel);
  }

  addHelpLink(link: HelpLink): void {
    this.helpLinks.push(link);
  }

  /** The Help link of a page: the one whose prefix is the longest the path starts with; none on the help page itself. */
  helpFor(role: Role, path: string): string | null {
    const matching = this.helpLinks.filter(
      (link) => link.roles.includes(role) && (path === link.pathPrefix || path.startsWith(`${link.pathPrefix}/`)) && !(path === link.href || path.startsWith(`${link.href}/`)),
    );
    return matching.sort((a, b) => b.pathPrefix.length - a.pathPrefix.length)[0]?.href ?? null;
  }

  menuFor(role: Role): MenuEntry[] {
    return this.menu.filter((entry) => entry.roles.includes(role));
  }

  personPanels(): readonly PersonPanel[] {
    return this.panels;
  }
}
