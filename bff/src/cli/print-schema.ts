/** Writes the sorted GraphQL schema to `bff/schema.gql` (`npm run schema -w @ph/bff`). */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { printSortedSchema, SCHEMA_FILE } from '../graphql/schema';

printSortedSchema()
  .then((sdl) => {
    writeFileSync(SCHEMA_FILE, sdl);
    console.log(`wrote ${SCHEMA_FILE}`);
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
