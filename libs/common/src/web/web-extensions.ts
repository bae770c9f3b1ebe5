import { Injectable } from '@nestjs/common';
import type { VNode } from 'preact';
import { AuthenticatedUser, Role } from '../auth/role';
import { PersonType } from '../ports/people-directory.port';

/** An entry of the side menu. `section` places it under a heading (e.g. Configuration). */
export interface MenuEntry {
  label: string;
  href: string;
  roles: Role[];
  section?: 'Configuration';
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

  addMenuEntry(entry: MenuEntry): void {
    this.menu.push(entry);
  }

  addPersonPanel(panel: PersonPanel): void {
    this.panels.push(panel);
  }

  menuFor(role: Role): MenuEntry[] {
    return this.menu.filter((entry) => entry.roles.includes(role));
  }

  personPanels(): readonly PersonPanel[] {
    return this.panels;
  }
}
