import { DATABRIDGE_WARNING, SCHEDULE } from '../labels/bksb-labels';

/** The Summary's plain-words explanation of the integration. */
export const BKSB_INFORMATION = [
  'How it works: PICSWeb talks to bksb through its REST API with your organisation\'s API keys. Staff can create a bksb account for a learner or applicant (PICSWeb then emails them their user name, the default password and your bksb login address) or link an account that already exists in bksb by its user name.',
  `Who is synced: learners who are in learning, or whose learning ended within the last month; applicants whose application is open, or was withdrawn or converted within the last month; archived people never. Only people with a linked bksb account are synced. Results are imported ${SCHEDULE.everyoneElse} and whenever staff press "Get latest results". New accounts (created or linked in the last 14 days) are checked ${SCHEDULE.newAccounts} until their first English and Maths initial results are in, and ${SCHEDULE.assessmentInProgress} while bksb shows them sitting an initial assessment, so a result finished during induction reaches PICSWeb within minutes.`,
  'First results: the first time an English, Maths or ICT initial assessment result arrives for a person, PICSWeb applies the tags you chose for that subject (separately for learners and applicants). This happens once per person and subject: removing the tag by hand, later results and later changes to the chosen tags do not apply it again.',
  'Making the API keys: a bksb administrator opens Admin Options > API Access Keys > Configure Access Key, sets the key\'s Status to Enabled and every Permission to Allow, then copies the API Access Key and API Secret Key into Settings here. Use "Test connection" to check them.',
  `Warning: ${DATABRIDGE_WARNING}`,
].join('\n\n');
