// The demo data: what one news article says about Central Asia and Japan, and nothing more. The
// article gives no URL and no date of its own, so sourceUrls stay empty, relative dates ("last
// year", "upcoming") are kept as its wording in dateNote, and records name it by its headline.
import type { z } from 'zod';
import type { actionBody, agreementBody } from '../agreements/agreements.schemas.js';
import type { commitmentBody } from '../commitments/commitments.schemas.js';
import type { participantBody } from '../participants/participants.schemas.js';
import type { participationBody, summitBody } from '../summits/summits.schemas.js';

/**
 * A body as a client would write it: members that may be null may also be left out. (The body
 * schemas' input types mark them required, though parsing accepts them absent.)
 */
type Written<T> = T extends (infer U)[]
  ? Written<U>[]
  : T extends object
    ? { [K in keyof T as null extends T[K] ? K : never]?: Written<NonNullable<T[K]>> } & {
        [K in keyof T as null extends T[K] ? never : K]: Written<T[K]>;
      }
    : T;

/**
 * Records as the API would take them, except that references name other records of the same data
 * by their `key` (a country's iso3, a short name otherwise) instead of by id.
 */
export interface SeedData {
  participants: {
    key: string;
    affiliation?: string;
    body: Written<Omit<z.input<typeof participantBody>, 'affiliationId'>>;
  }[];
  summits: {
    key: string;
    body: Written<z.input<typeof summitBody>>;
    /** In order: a delegation that speaks for another comes after it. */
    participations: { participant: string; onBehalfOf?: string; body: Written<Omit<z.input<typeof participationBody>, 'onBehalfOfId'>> }[];
  }[];
  agreements: {
    key: string;
    summit?: string;
    body: Written<Omit<z.input<typeof agreementBody>, 'summitId'>>;
    actions: { participant: string; body: Written<Omit<z.input<typeof actionBody>, 'participantId'>> }[];
  }[];
  commitments: {
    summit?: string;
    agreement?: string;
    proposedBy?: string;
    parties: { participant: string; role: 'pledger' | 'partner' | 'beneficiary' }[];
    body: Written<Omit<z.input<typeof commitmentBody>, 'summitId' | 'agreementId' | 'proposedById' | 'parties'>>;
  }[];
}

export const SOURCE_HEADLINE = 'Kazakh Expert Urges Japan to Strengthen Energy and Security Ties with Central Asia';
const SOURCE = `the undated news article "${SOURCE_HEADLINE}"`;

const CENTRAL_ASIA = ['KAZ', 'KGZ', 'TJK', 'TKM', 'UZB'] as const;
const SERIES = 'Central Asia + Japan';

/** One of the areas of cooperation the expert names, as a proposal for the leaders' summit. */
function proposedCooperation(area: string, theme: string, context = ''): SeedData['commitments'][number] {
  return {
    summit: 'leaders',
    proposedBy: 'aidarkulova',
    // The article urges Japan to act; the Central Asian states are the other side of the ties.
    parties: [{ participant: 'JPN', role: 'pledger' }, ...CENTRAL_ASIA.map((participant) => ({ participant, role: 'partner' as const }))],
    body: {
      text: `Japan to cooperate with the Central Asian countries on ${area}.`,
      summary: `A potential area for cooperation named by Aida Aidarkulova, a Kazakh expert on regional affairs, ahead of the upcoming summit.${context} Source: ${SOURCE}.`,
      scope: 'individual',
      status: 'proposed',
      isPriority: false,
      themes: [theme],
    },
  };
}

export const CENTRAL_ASIA_JAPAN: SeedData = {
  participants: [
    { key: 'JPN', body: { kind: 'country', name: 'Japan', iso3: 'JPN' } },
    { key: 'KAZ', body: { kind: 'country', name: 'Kazakhstan', iso3: 'KAZ' } },
    { key: 'KGZ', body: { kind: 'country', name: 'Kyrgyzstan', iso3: 'KGZ' } },
    { key: 'TJK', body: { kind: 'country', name: 'Tajikistan', iso3: 'TJK' } },
    { key: 'TKM', body: { kind: 'country', name: 'Turkmenistan', iso3: 'TKM' } },
    { key: 'UZB', body: { kind: 'country', name: 'Uzbekistan', iso3: 'UZB' } },
    { key: 'kishida', affiliation: 'JPN', body: { kind: 'person', name: 'Fumio Kishida', title: 'Prime Minister of Japan' } },
    {
      key: 'aidarkulova',
      body: {
        kind: 'person',
        name: 'Aida Aidarkulova',
        description: `A Kazakh expert on regional affairs. She urges Japan to bolster its energy and security ties with Central Asia, and views Japan's expertise in nuclear and sustainable energy as invaluable (${SOURCE}).`,
      },
    },
  ],

  summits: [
    {
      key: 'ministers',
      body: {
        name: "Central Asia + Japan energy ministers' meeting",
        kind: 'ministerial_meeting',
        status: 'held',
        series: SERIES,
        dateNote: `"last year" in ${SOURCE}`,
      },
      // "The Central Asian energy ministers and Japan agreed": who represented Japan is not said.
      participations: [
        { participant: 'JPN', body: { role: 'member', attendance: 'attended' } },
        ...CENTRAL_ASIA.map((participant) => ({ participant, body: { role: 'member' as const, level: 'minister' as const, attendance: 'attended' as const } })),
      ],
    },
    {
      key: 'leaders',
      body: {
        name: 'Central Asia + Japan Summit',
        kind: 'leaders_summit',
        status: 'planned',
        series: SERIES,
        dateNote: `"upcoming" in ${SOURCE}; no date given`,
      },
      // Japan's Prime Minister and "the leaders of five Central Asian countries"; no host is named.
      participations: [
        { participant: 'JPN', body: { role: 'member', level: 'head_of_state_or_government' } },
        { participant: 'kishida', onBehalfOf: 'JPN', body: { role: 'member', level: 'head_of_state_or_government' } },
        ...CENTRAL_ASIA.map((participant) => ({ participant, body: { role: 'member' as const, level: 'head_of_state_or_government' as const } })),
      ],
    },
  ],

  agreements: [
    {
      key: 'net_zero',
      summit: 'ministers',
      body: {
        title: 'Central Asia + Japan energy ministers: net-zero carbon emissions by 2050 or later',
        type: 'other',
        ambit: 'interministerial',
        dateNote: `"last year" in ${SOURCE}`,
        summary:
          'The Central Asian energy ministers and Japan agreed to target net-zero carbon emissions by 2050 or later, leveraging energy transition technologies.',
        themes: ['climate.net_zero', 'energy.transition'],
        targets: [{ targetType: 'net_zero', targetYear: 2050, yearQualifier: 'or_later', gasCoverage: 'co2' }],
      },
      actions: ['JPN', ...CENTRAL_ASIA].map((participant) => ({ participant, body: { action: 'endorsed' as const } })),
    },
  ],

  commitments: [
    proposedCooperation(
      'nuclear power',
      'energy.nuclear_power',
      ' Kazakhstan, Kyrgyzstan and Uzbekistan are exploring nuclear power to enhance energy security and minimize emissions.',
    ),
    proposedCooperation('carbon-free technologies', 'energy.carbon_free_technology'),
    proposedCooperation('cybersecurity', 'security.cybersecurity'),
    proposedCooperation('counterterrorism', 'security.counterterrorism'),
  ],
};
