import { ListQueryDto } from '@relay/common';

export class ListNotesQuery extends ListQueryDto {}
