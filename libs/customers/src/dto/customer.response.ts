import { ApiProperty } from '@nestjs/swagger';

export class CustomerResponse {
  @ApiProperty({ example: 'cus_4Rk…' }) id!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Grace@Example.com', description: 'As given; matched case-insensitively.' })
  email!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Grace Hopper' }) name!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '+44 20 7946 0000' }) phone!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'crm-10042', description: "The customer's id in your CRM; unique per workspace." })
  external_id!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
}
