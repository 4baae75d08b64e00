import postgres from 'postgres';
// An import assertion (jscodeshift's parser refuses it, TypeScript reads it) in a file whose only
// change is a TODO marker: the output is judged by TypeScript's parser, and the marker is written.
import settings from './settings.json' assert { type: 'json' };

export function connect(options: postgres.Options<{}>) {
  // migrate-driver: TODO postgres(): the options (options cannot be followed to an object literal) cannot be edited here; set prepare: false where they are built
  return postgres(settings.url, options);
}
