/** The licences PICS support can switch on per organisation. */
export const LICENCES = ['bksb'] as const;
export type LicenceName = (typeof LICENCES)[number];

export const LICENCE_CHECKER = Symbol('LicenceChecker');

/** Port (implemented by the host): which organisations hold a licence. */
export interface LicenceChecker {
  isLicensed(organisationId: string, licence: LicenceName): Promise<boolean>;
  licensedOrganisationIds(licence: LicenceName): Promise<string[]>;
}
