import { NumberedPageDto } from '../../common/dto/paging.dto';

/** Pages of a subject's stored facts, by revision. */
export class SubjectEventsPageDto extends NumberedPageDto {}
