/** admin: organisation administrator; staff: organisation user; support: PICS support. */
export const ROLES = ['admin', 'staff', 'support'] as const;
export type Role = (typeof ROLES)[number];

/** Who is making the request, as the authentication guard established it. */
export interface AuthenticatedUser {
  id: string;
  email: string;
  role: Role;
  /** Null for support users, who belong to no organisation. */
  organisationId: string | null;
}
