import type { ErasureRequestGround } from '../catalog/vocabulary';

/** The grounds of Art. 17(1) on which a subject may obtain erasure, as the erasure status shows them. */
export const ERASURE_REQUEST_GROUND_TEXTS: Record<ErasureRequestGround, { article: string; condition: string }> = {
  'art17-1a': {
    article: 'Art. 17(1)(a)',
    condition: 'the personal data are no longer necessary for the purposes for which they were collected or otherwise processed',
  },
  'art17-1b': {
    article: 'Art. 17(1)(b)',
    condition: 'the data subject withdraws the consent the processing is based on, and there is no other legal ground for it',
  },
  'art17-1c': {
    article: 'Art. 17(1)(c)',
    condition: 'the data subject objects under Art. 21(1) and there are no overriding legitimate grounds, or objects to direct marketing under Art. 21(2)',
  },
  'art17-1d': {
    article: 'Art. 17(1)(d)',
    condition: 'the personal data have been unlawfully processed',
  },
  'art17-1e': {
    article: 'Art. 17(1)(e)',
    condition: 'the personal data have to be erased for compliance with a legal obligation in Union or Member State law',
  },
  'art17-1f': {
    article: 'Art. 17(1)(f)',
    condition: 'the personal data were collected in relation to the offer of information society services to a child (Art. 8(1))',
  },
};
