import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';
import { commaList } from '@relay/common';

/** `team_id`: tickets of any of these teams, `none` for tickets without one (tickets, export, analytics). */
export function TeamIdFilter(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      type: [String],
      description: 'Tickets of any of these teams; `none` for tickets without a team. Comma-separated, or the parameter repeated.',
    }),
    IsOptional(),
    Transform(commaList),
    IsArray(),
    ArrayMaxSize(50),
    IsString({ each: true }),
    MaxLength(64, { each: true }),
  );
}

/** The WHERE fragment (named parameters `team0…`) for a team filter over `column`. */
export function teamCondition(column: string, teamIds: string[]): { sql: string; params: Record<string, string> } {
  const ids = teamIds.filter((id) => id !== 'none');
  const params = Object.fromEntries(ids.map((id, i) => [`team${i}`, id]));
  const clauses = [
    ...(teamIds.includes('none') ? [`${column} IS NULL`] : []),
    ...(ids.length ? [`${column} IN (${ids.map((_, i) => `:team${i}`).join(', ')})`] : []),
  ];
  return { sql: `(${clauses.join(' OR ')})`, params };
}
