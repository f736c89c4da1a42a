import { covers } from './category-keys';

/**
 * Art. 9(1) special categories (racial or ethnic origin, political opinions, religious or
 * philosophical beliefs, trade-union membership, genetic, biometric for identification, health,
 * sex life or sexual orientation) and Art. 10 criminal data, as fideslang keys; and children's
 * data (Art. 8, recital 38). A breach of them weighs more in the risk assessment (EDPB
 * Guidelines 9/2022): the register and the summary derive the flag from the categories, so no
 * emitter has to remember to set it.
 */
const SPECIAL: readonly string[] = [
  'user.demographic.race_ethnicity',
  'user.demographic.political_opinion',
  'user.demographic.religious_belief',
  'user.demographic.philosophical_belief',
  'user.demographic.union_membership',
  'user.demographic.sexual_orientation',
  'user.health',
  'user.health_and_medical',
  'user.biometric',
  'user.biometrics',
  'user.authorization.biometric',
  'user.authorization.biometrics',
  'user.criminal_history',
];
const CHILDREN: readonly string[] = ['user.children', 'user.childrens'];

export const isSpecialCategory = (category: string): boolean => SPECIAL.some((key) => covers(key, category));
export const isChildrensData = (category: string): boolean => CHILDREN.some((key) => covers(key, category));
