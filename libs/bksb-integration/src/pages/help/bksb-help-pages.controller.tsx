import { Controller, Get, NotFoundException, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Pages, RequiresLicence, Roles, WebRequest } from '@picsweb/common';
import type { Response } from 'express';
import { HELP_PATH, SUMMARY_PATH } from '../bksb-paths';
import { loadUserGuide, RenderedGuide, screenshotsDirectory } from './user-guide';

/**
 * Help: the bksb part of docs/user-guide.md in the frame, rendered from the file itself so the
 * page and the guide never differ, and the guide's screenshots. Who may read the Summary may read it.
 */
@ApiExcludeController()
@RequiresLicence('bksb')
@Roles('admin', 'staff')
@Controller(HELP_PATH)
export class BksbHelpPagesController {
  private guide: RenderedGuide | null = null;

  constructor(private readonly pages: Pages) {}

  @Get()
  help(@Req() request: WebRequest, @Res() response: Response): void {
    this.pages.send(
      request,
      response,
      <>
        <p class="breadcrumb">
          <a href={SUMMARY_PATH}>bksb Summary</a>
        </p>
        {this.userGuide().body}
      </>,
      { title: 'bksb Help' },
    );
  }

  @Get('screenshots/:name')
  screenshot(@Param('name') name: string, @Res() response: Response): void {
    // Only the pictures the guide shows, by their exact file names: never a path a visitor makes up.
    if (!this.userGuide().screenshots.includes(name)) throw new NotFoundException('There is no such picture in the Help.');
    response.sendFile(name, { root: screenshotsDirectory(), dotfiles: 'deny' });
  }

  /** Read once, at the first view: the guide ships with the app (docs/ beside package.json). */
  private userGuide(): RenderedGuide {
    this.guide ??= loadUserGuide();
    return this.guide;
  }
}
