/** One field's problem, named so a person can fix it. */
export interface FieldError {
  field: string;
  message: string;
}

/** The one error shape of the HTTP API (see docs/api.md, "Conventions"). */
export interface ApiErrorBody {
  statusCode: number;
  message: string;
  errors?: FieldError[];
  requestId?: string;
}
