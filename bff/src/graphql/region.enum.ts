import { registerEnumType } from '@nestjs/graphql';
import { REGIONS, type Region } from '@ph/contracts';

/** `Region` as a GraphQL enum, generated from `REGIONS`. */
export const RegionEnum = Object.fromEntries(REGIONS.map((region) => [region, region])) as Record<Region, Region>;

registerEnumType(RegionEnum, { name: 'Region', description: 'Data-residency region of a customer organisation.' });
