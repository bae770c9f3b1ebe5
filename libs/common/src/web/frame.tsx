import type { ComponentChildren, VNode } from 'preact';
import { AuthenticatedUser } from '../auth/role';
import { CsrfToken, PostForm } from './components';
import { MenuEntry } from './web-extensions';
import { Flash } from './web-request';

export interface FrameProps {
  title: string;
  user: AuthenticatedUser | null;
  organisationName: string | null;
  menu: MenuEntry[];
  currentPath: string;
  /** The Help page of the part of the app the page is in (an extension's), if any. */
  help?: string | null;
  csrfToken: string;
  flash: Flash | null;
  children: ComponentChildren;
}

function MenuLinks({ entries, currentHref }: { entries: MenuEntry[]; currentHref: string | undefined }): VNode {
  return (
    <ul>
      {entries.map((entry) => {
        const current = entry.href === currentHref;
        return (
          <li key={entry.href}>
            <a href={entry.href} aria-current={current ? 'page' : undefined}>
              {entry.label}
            </a>
          </li>
        );
      })}
    </ul>
  );
}

/** The entry the page is in: the longest href the path starts with, so one entry nested in another's path is current alone. */
function currentHrefOf(menu: MenuEntry[], currentPath: string): string | undefined {
  const matching = menu.filter((entry) => currentPath === entry.href || currentPath.startsWith(`${entry.href}/`));
  return matching.sort((a, b) => b.href.length - a.href.length)[0]?.href;
}

/**
 * The side menu. On a phone it folds behind Menu (a details element, so it opens without
 * JavaScript); on a wider screen the stylesheet shows it open, without the Menu button.
 */
function SideMenu({ menu, currentPath }: { menu: MenuEntry[]; currentPath: string }): VNode {
  const currentHref = currentHrefOf(menu, currentPath);
  const main = menu.filter((entry) => !entry.section);
  const configuration = menu.filter((entry) => entry.section === 'Configuration');
  const groups = [...new Set(configuration.flatMap((entry) => (entry.group ? [entry.group] : [])))];
  return (
    <details class="menu-fold">
      <summary>Menu</summary>
      <nav class="side-menu" aria-label="Main menu">
        <MenuLinks entries={main} currentHref={currentHref} />
        {configuration.length > 0 && (
          <>
            <h2 class="menu-heading">Configuration</h2>
            <p class="menu-subheading">Integrations</p>
            <MenuLinks entries={configuration.filter((entry) => !entry.group)} currentHref={currentHref} />
            {groups.map((group) => (
              <div class="menu-group" key={group}>
                <p class="menu-group-name">{group}</p>
                <MenuLinks entries={configuration.filter((entry) => entry.group === group)} currentHref={currentHref} />
              </div>
            ))}
          </>
        )}
      </nav>
    </details>
  );
}

/** Every page: the top bar, the side menu for the user's role, then the page itself. */
export function Frame(props: FrameProps): VNode {
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} – PICSWeb`}</title>
        <link rel="stylesheet" href="/assets/pico/pico.classless.min.css" />
        <link rel="stylesheet" href="/assets/app.css" />
        <script src="/assets/app.js" defer />
      </head>
      <body>
        <CsrfToken.Provider value={props.csrfToken}>
          <a class="skip-link" href="#main">
            Skip to main content
          </a>
          <header class="top-bar">
            <a class="brand" href="/">
              PICSWeb
            </a>
            {props.user && (
              <div class="signed-in">
                <span class="who">
                  <span class="organisation">{props.organisationName ?? 'PICS support'}</span>
                  <span class="email">{props.user.email}</span>
                </span>
                <PostForm action="/logout" class="inline-form">
                  <button type="submit" class="secondary">
                    Sign out
                  </button>
                </PostForm>
              </div>
            )}
          </header>
          <div class={props.user ? 'layout' : 'layout layout-single'}>
            {props.user && <SideMenu menu={props.menu} currentPath={props.currentPath} />}
            <main id="main" tabIndex={-1}>
              {props.help && (
                <p class="page-help">
                  <a href={props.help}>Help</a>
                </p>
              )}
              {props.flash &&
                (props.flash.problem ? (
                  <div class="banner-problem" role="alert">
                    {props.flash.text}
                  </div>
                ) : (
                  <div class={props.flash.info ? 'notice notice-info' : 'notice'} role="status">
                    {props.flash.text}
                  </div>
                ))}
              {props.children}
            </main>
          </div>
        </CsrfToken.Provider>
      </body>
    </html>
  );
}

/** The body of an error page: what happened and where to go next. */
export function ErrorPage(props: { status: number; title: string; message: string; requestId?: string }): VNode {
  return (
    <>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      {props.requestId && (
        <p>
          Request id: <code>{props.requestId}</code>
        </p>
      )}
      <p>
        <a href="/">Go to the start page</a>
      </p>
    </>
  );
}
