import limits from './limits.json' assert { type: 'json' };

export const options = {
  max: limits.max,
  prepare: false,
};
