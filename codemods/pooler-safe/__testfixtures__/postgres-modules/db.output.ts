import postgres from 'postgres';
import { base, buildOptions } from './options';

export const a = postgres(process.env.A!, base);
export const b = postgres(process.env.B!, { ...base, max: 1, prepare: false });
export const c = postgres(process.env.C!, buildOptions());
export const d = postgres(process.env.D!, base);
