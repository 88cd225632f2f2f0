// Every table, index and CHECK of the service. Enum values are declared once, on the column;
// the request schemas and the CHECK constraints both read them from there.
import { sql, type SQL } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
  type SQLiteColumn,
} from 'drizzle-orm/sqlite-core';

/* ---------- column helpers ---------- */

const recordColumns = () => ({
  createdAt: text().notNull(),
  updatedAt: text().notNull(),
  version: integer().notNull().default(1),
});

const sourceUrls = () => text({ mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`);

/** `col IN (…)` built from the column's own enum values. */
function enumCheck(name: string, column: SQLiteColumn & { enumValues?: readonly string[] }): ReturnType<typeof check> {
  const values = column.enumValues ?? [];
  const list = sql.join(
    values.map((v) => sql.raw(`'${v.replaceAll("'", "''")}'`)),
    sql`, `,
  );
  return check(name, sql`${column} IS NULL OR ${column} IN (${list})`);
}

/** Partial ISO dates: YYYY, YYYY-MM or YYYY-MM-DD, calendar-valid (date() normalises invalid days away). */
function partialDateCheck(name: string, column: SQLiteColumn): ReturnType<typeof check> {
  return check(
    name,
    sql`${column} IS NULL
      OR (length(${column}) = 4 AND ${column} GLOB '[0-9][0-9][0-9][0-9]')
      OR (length(${column}) = 7 AND date(${column} || '-01') IS (${column} || '-01'))
      OR (length(${column}) = 10 AND date(${column}) IS ${column})`,
  );
}

/** `later` is not before `earlier`, compared at the precision the two share ("2024" vs "2024-05-19"). */
function notBefore(later: SQLiteColumn, earlier: SQLiteColumn): SQL {
  return sql`${later} IS NULL OR ${earlier} IS NULL
    OR substr(${later}, 1, min(length(${later}), length(${earlier}))) >= substr(${earlier}, 1, min(length(${later}), length(${earlier})))`;
}

/* ---------- participants ---------- */

export const participants = sqliteTable(
  'participants',
  {
    id: text().primaryKey(),
    kind: text({ enum: ['country', 'organization', 'person'] }).notNull(),
    name: text().notNull(),
    shortName: text(),
    iso3: text(),
    affiliationId: text().references((): AnySQLiteColumn => participants.id),
    title: text(),
    description: text(),
    wikidataId: text(),
    sourceUrls: sourceUrls(),
    ...recordColumns(),
  },
  (t) => [
    enumCheck('participants_kind_check', t.kind),
    check('participants_iso3_check', sql`(${t.kind} = 'country') = (${t.iso3} IS NOT NULL) AND (${t.iso3} IS NULL OR ${t.iso3} GLOB '[A-Z][A-Z][A-Z]')`),
    check('participants_title_check', sql`${t.title} IS NULL OR ${t.kind} = 'person'`),
    // Q and digits only, as the API takes it: GLOB 'Q[0-9]*' alone would let Q12abc through.
    check(
      'participants_wikidata_check',
      sql`${t.wikidataId} IS NULL OR (${t.wikidataId} GLOB 'Q[0-9]*' AND substr(${t.wikidataId}, 2) NOT GLOB '*[^0-9]*')`,
    ),
    check('participants_affiliation_check', sql`${t.affiliationId} IS NULL OR ${t.affiliationId} <> ${t.id}`),
    uniqueIndex('participants_iso3_unique').on(t.iso3),
    uniqueIndex('participants_wikidata_id_unique').on(t.wikidataId),
    index('participants_affiliation_id_idx').on(t.affiliationId),
    index('participants_created_at_idx').on(t.createdAt, t.id),
    index('participants_name_idx').on(t.name, t.id),
    index('participants_kind_idx').on(t.kind),
  ],
);

/* ---------- positions and memberships ---------- */

/**
 * An office a person held, over a period: Prime Minister of Japan, 2021-10-04 to 2024-10-01. An
 * open end (NULL) is an office still held. A person's positions are facts about the person: they
 * go with it (ON DELETE CASCADE); the country or organization of the office is only referred to.
 */
export const positions = sqliteTable(
  'positions',
  {
    id: text().primaryKey(),
    personId: text()
      .notNull()
      .references(() => participants.id, { onDelete: 'cascade' }),
    office: text().notNull(),
    organizationId: text()
      .notNull()
      .references(() => participants.id),
    startDate: text().notNull(),
    endDate: text(),
    sourceUrls: sourceUrls(),
    note: text(),
    ...recordColumns(),
  },
  (t) => [
    partialDateCheck('positions_start_date_check', t.startDate),
    partialDateCheck('positions_end_date_check', t.endDate),
    check('positions_date_order_check', notBefore(t.endDate, t.startDate)),
    check('positions_office_check', sql`length(trim(${t.office})) > 0`),
    check('positions_person_check', sql`${t.personId} <> ${t.organizationId}`),
    // Led by the person: their positions in time order, the cascade of a delete, and the offices
    // held on a summit's date, all from one index.
    index('positions_person_idx').on(t.personId, t.startDate, t.id),
    // "Who was Prime Minister of Japan on …": the organization, the office, then the start.
    index('positions_organization_idx').on(t.organizationId, t.office, t.startDate, t.id),
    index('positions_start_date_idx').on(t.startDate, t.id),
    index('positions_created_at_idx').on(t.createdAt, t.id),
  ],
);

/**
 * A participant's membership of a group over a period: France in the EU from 1958-01-01. An open
 * end (NULL) is a membership that lasts. Memberships go with their member (ON DELETE CASCADE); a
 * group that has members cannot be deleted.
 */
export const memberships = sqliteTable(
  'memberships',
  {
    id: text().primaryKey(),
    memberId: text()
      .notNull()
      .references(() => participants.id, { onDelete: 'cascade' }),
    groupId: text()
      .notNull()
      .references(() => participants.id),
    startDate: text().notNull(),
    endDate: text(),
    sourceUrls: sourceUrls(),
    note: text(),
    ...recordColumns(),
  },
  (t) => [
    partialDateCheck('memberships_start_date_check', t.startDate),
    partialDateCheck('memberships_end_date_check', t.endDate),
    check('memberships_date_order_check', notBefore(t.endDate, t.startDate)),
    check('memberships_member_check', sql`${t.memberId} <> ${t.groupId}`),
    index('memberships_member_idx').on(t.memberId, t.startDate, t.id),
    index('memberships_group_idx').on(t.groupId, t.startDate, t.id),
    index('memberships_start_date_idx').on(t.startDate, t.id),
    index('memberships_created_at_idx').on(t.createdAt, t.id),
  ],
);

/* ---------- summits and participations ---------- */

export const summits = sqliteTable(
  'summits',
  {
    id: text().primaryKey(),
    name: text().notNull(),
    kind: text({
      enum: ['leaders_summit', 'ministerial_meeting', 'senior_officials_meeting', 'working_group', 'other'],
    }).notNull(),
    status: text({ enum: ['planned', 'confirmed', 'held', 'postponed', 'cancelled'] }).notNull().default('planned'),
    series: text(),
    // Its place in the series: the 49th G7 summit is 49.
    number: integer(),
    startDate: text(),
    endDate: text(),
    dateNote: text(),
    hostCountryId: text().references(() => participants.id),
    city: text(),
    location: text(),
    description: text(),
    sourceUrls: sourceUrls(),
    ...recordColumns(),
  },
  (t) => [
    enumCheck('summits_kind_check', t.kind),
    check('summits_number_check', sql`${t.number} IS NULL OR ${t.number} >= 1`),
    enumCheck('summits_status_check', t.status),
    partialDateCheck('summits_start_date_check', t.startDate),
    partialDateCheck('summits_end_date_check', t.endDate),
    check('summits_date_order_check', notBefore(t.endDate, t.startDate)),
    index('summits_created_at_idx').on(t.createdAt, t.id),
    index('summits_name_idx').on(t.name, t.id),
    index('summits_start_date_idx').on(t.startDate, t.id),
    index('summits_end_date_idx').on(t.endDate),
    // An enum filter is usually paired with the date sort: one index serves both.
    index('summits_kind_idx').on(t.kind, t.startDate, t.id),
    index('summits_status_idx').on(t.status, t.startDate, t.id),
    // Series filters ignore ASCII case (G7, g7): the index is kept in that collation to serve them.
    index('summits_series_idx').on(sql`${t.series} COLLATE NOCASE`),
    index('summits_location_idx').on(t.location),
    index('summits_number_idx').on(t.number),
    index('summits_host_country_idx').on(t.hostCountryId),
    index('summits_city_idx').on(t.city),
  ],
);

export const summitParticipations = sqliteTable(
  'summit_participations',
  {
    summitId: text()
      .notNull()
      .references(() => summits.id, { onDelete: 'cascade' }),
    participantId: text()
      .notNull()
      .references(() => participants.id),
    role: text({ enum: ['host', 'co_host', 'member', 'observer', 'guest'] }).notNull(),
    level: text({ enum: ['head_of_state_or_government', 'minister', 'senior_official', 'expert', 'other'] }),
    // attended says only that it took part; in_person and virtual say how.
    attendance: text({ enum: ['expected', 'attended', 'in_person', 'virtual', 'absent', 'withdrew'] }).notNull().default('expected'),
    onBehalfOfId: text(),
    isHeadOfDelegation: integer({ mode: 'boolean' }).notNull().default(false),
    note: text(),
    sourceUrls: sourceUrls(),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.summitId, t.participantId] }),
    // The delegation a participant speaks for must itself take part in the same summit.
    foreignKey({
      columns: [t.summitId, t.onBehalfOfId],
      foreignColumns: [t.summitId, t.participantId],
      name: 'summit_participations_on_behalf_of_fk',
    }),
    enumCheck('summit_participations_role_check', t.role),
    enumCheck('summit_participations_level_check', t.level),
    enumCheck('summit_participations_attendance_check', t.attendance),
    check('summit_participations_on_behalf_check', sql`${t.onBehalfOfId} IS NULL OR ${t.onBehalfOfId} <> ${t.participantId}`),
    index('summit_participations_participant_idx').on(t.participantId, t.role),
    // Led by the delegation acted for: serves the foreign key, the summit's own count of delegations
    // acting for a participant, and a participant's dependents across summits.
    index('summit_participations_on_behalf_of_idx').on(t.onBehalfOfId, t.summitId),
    index('summit_participations_created_at_idx').on(t.summitId, t.createdAt, t.participantId),
  ],
);

/* ---------- targets and themes, shared by agreements and commitments ---------- */

const targetColumns = () => ({
  position: integer().notNull(),
  // emissions_peak: emissions stop rising by the year; increase: an indicator grows (tripling
  // renewable capacity), measured by `multiple` and/or `quantity` in `unit`.
  targetType: text({
    enum: ['net_zero', 'carbon_neutral', 'climate_neutral', 'emissions_reduction', 'emissions_peak', 'increase', 'other'],
  }).notNull(),
  targetYear: integer().notNull(),
  // before: ahead of the year; at_the_latest: the year is a deadline ("by 2050 at the latest").
  yearQualifier: text({ enum: ['by', 'in', 'before', 'at_the_latest', 'or_later', 'around'] }).notNull().default('by'),
  // fiscal: targetYear and baselineYear are fiscal years (Japan's FY2013 to FY2030).
  yearBasis: text({ enum: ['calendar', 'fiscal'] }).notNull().default('calendar'),
  baselineYear: integer(),
  reductionPct: real(),
  // intensity: per unit of `intensityBasis` (GDP), not an absolute amount.
  measure: text({ enum: ['absolute', 'intensity'] }).notNull().default('absolute'),
  intensityBasis: text(),
  indicator: text(),
  multiple: real(),
  quantity: real(),
  unit: text(),
  // A conditional target depends on outside support (finance, technology); its unconditional
  // counterpart is a target of its own.
  conditional: integer({ mode: 'boolean' }).notNull().default(false),
  gasCoverage: text({ enum: ['co2', 'all_ghg', 'unspecified'] }).notNull().default('unspecified'),
  legalStatus: text({ enum: ['in_law', 'in_policy_document', 'declaration_pledge', 'proposed', 'achieved'] }),
  note: text(),
});

type TargetTable = { [K in keyof ReturnType<typeof targetColumns>]: SQLiteColumn & { enumValues?: readonly string[] } };

function targetChecks(table: string, t: TargetTable) {
  return [
    enumCheck(`${table}_target_type_check`, t.targetType),
    enumCheck(`${table}_year_qualifier_check`, t.yearQualifier),
    enumCheck(`${table}_year_basis_check`, t.yearBasis),
    enumCheck(`${table}_measure_check`, t.measure),
    enumCheck(`${table}_gas_coverage_check`, t.gasCoverage),
    enumCheck(`${table}_legal_status_check`, t.legalStatus),
    check(`${table}_target_year_check`, sql`${t.targetYear} BETWEEN 1900 AND 2200`),
    check(`${table}_baseline_year_check`, sql`${t.baselineYear} IS NULL OR ${t.baselineYear} < ${t.targetYear}`),
    check(`${table}_reduction_pct_check`, sql`${t.reductionPct} IS NULL OR ${t.reductionPct} BETWEEN 0 AND 100`),
    check(`${table}_intensity_check`, sql`(${t.measure} = 'intensity') = (${t.intensityBasis} IS NOT NULL)`),
    check(`${table}_quantity_check`, sql`(${t.quantity} IS NULL) = (${t.unit} IS NULL) AND (${t.quantity} IS NULL OR ${t.quantity} >= 0)`),
    check(`${table}_multiple_check`, sql`${t.multiple} IS NULL OR (${t.multiple} > 0 AND ${t.targetType} = 'increase')`),
    check(
      `${table}_increase_check`,
      sql`${t.targetType} <> 'increase' OR (${t.indicator} IS NOT NULL AND (${t.multiple} IS NOT NULL OR ${t.quantity} IS NOT NULL))`,
    ),
  ];
}

/**
 * A theme slug as the API takes it (THEME_SLUG): segments of a-z, 0-9 and _, joined by single
 * dots, none of them empty: not `.energy`, `energy.` or `energy..x`.
 */
function themeCheck(name: string, theme: SQLiteColumn): ReturnType<typeof check> {
  return check(
    name,
    sql`length(${theme}) > 0 AND ${theme} NOT GLOB '*[^a-z0-9_.]*' AND ${theme} NOT GLOB '.*' AND ${theme} NOT GLOB '*.' AND ${theme} NOT GLOB '*..*'`,
  );
}

/* ---------- agreements ---------- */

export const agreements = sqliteTable(
  'agreements',
  {
    id: text().primaryKey(),
    title: text().notNull(),
    type: text({
      enum: [
        'treaty',
        'agreement',
        'protocol',
        'mou',
        'joint_declaration',
        'joint_statement',
        'communique',
        'action_plan',
        'chair_summary',
        'resolution',
        'other',
      ],
    }).notNull(),
    ambit: text({ enum: ['bilateral', 'regional', 'multilateral', 'interregional', 'interministerial'] }),
    legalForce: text({ enum: ['legally_binding', 'politically_binding', 'non_binding', 'not_specified'] })
      .notNull()
      .default('not_specified'),
    status: text({ enum: ['under_negotiation', 'adopted', 'signed', 'in_force', 'terminated', 'superseded'] })
      .notNull()
      .default('adopted'),
    summitId: text().references(() => summits.id),
    adoptedDate: text(),
    entryIntoForceDate: text(),
    terminationDate: text(),
    dateNote: text(),
    summary: text(),
    text: text(),
    sourceUrls: sourceUrls(),
    ...recordColumns(),
  },
  (t) => [
    enumCheck('agreements_type_check', t.type),
    enumCheck('agreements_ambit_check', t.ambit),
    enumCheck('agreements_legal_force_check', t.legalForce),
    enumCheck('agreements_status_check', t.status),
    partialDateCheck('agreements_adopted_date_check', t.adoptedDate),
    partialDateCheck('agreements_entry_into_force_date_check', t.entryIntoForceDate),
    partialDateCheck('agreements_termination_date_check', t.terminationDate),
    check(
      'agreements_date_order_check',
      sql`(${notBefore(t.entryIntoForceDate, t.adoptedDate)}) AND (${notBefore(t.terminationDate, t.entryIntoForceDate)}) AND (${notBefore(t.terminationDate, t.adoptedDate)})`,
    ),
    index('agreements_summit_id_idx').on(t.summitId),
    index('agreements_created_at_idx').on(t.createdAt, t.id),
    index('agreements_title_idx').on(t.title, t.id),
    index('agreements_adopted_date_idx').on(t.adoptedDate, t.id),
    index('agreements_type_idx').on(t.type, t.adoptedDate, t.id),
    index('agreements_ambit_idx').on(t.ambit, t.adoptedDate, t.id),
    index('agreements_legal_force_idx').on(t.legalForce, t.adoptedDate, t.id),
    index('agreements_status_idx').on(t.status, t.adoptedDate, t.id),
  ],
);

export const agreementThemes = sqliteTable(
  'agreement_themes',
  {
    agreementId: text()
      .notNull()
      .references(() => agreements.id, { onDelete: 'cascade' }),
    theme: text().notNull(),
    position: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.agreementId, t.theme] }),
    themeCheck('agreement_themes_theme_check', t.theme),
    index('agreement_themes_theme_idx').on(t.theme, t.agreementId),
  ],
);

export const agreementTargets = sqliteTable(
  'agreement_targets',
  {
    agreementId: text()
      .notNull()
      .references(() => agreements.id, { onDelete: 'cascade' }),
    ...targetColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.agreementId, t.position] }),
    ...targetChecks('agreement_targets', t),
    index('agreement_targets_year_idx').on(t.targetYear, t.agreementId),
    index('agreement_targets_type_idx').on(t.targetType, t.agreementId),
  ],
);

export const agreementActions = sqliteTable(
  'agreement_actions',
  {
    id: text().primaryKey(),
    agreementId: text()
      .notNull()
      .references(() => agreements.id, { onDelete: 'cascade' }),
    participantId: text()
      .notNull()
      .references(() => participants.id),
    action: text({ enum: ['endorsed', 'signed', 'ratified', 'accepted', 'approved', 'acceded', 'withdrew'] }).notNull(),
    actionDate: text(),
    effectiveDate: text(),
    note: text(),
    sourceUrls: sourceUrls(),
    ...recordColumns(),
  },
  (t) => [
    enumCheck('agreement_actions_action_check', t.action),
    partialDateCheck('agreement_actions_action_date_check', t.actionDate),
    partialDateCheck('agreement_actions_effective_date_check', t.effectiveDate),
    check('agreement_actions_date_order_check', notBefore(t.effectiveDate, t.actionDate)),
    index('agreement_actions_agreement_created_idx').on(t.agreementId, t.createdAt, t.id),
    index('agreement_actions_participant_idx').on(t.participantId),
    index('agreement_actions_agreement_date_idx').on(t.agreementId, t.actionDate, t.id),
    index('agreement_actions_agreement_participant_idx').on(t.agreementId, t.participantId),
    index('agreement_actions_agreement_action_idx').on(t.agreementId, t.action),
  ],
);

/* ---------- commitments ---------- */

export const commitments = sqliteTable(
  'commitments',
  {
    id: text().primaryKey(),
    text: text().notNull(),
    summary: text(),
    code: text(),
    summitId: text().references(() => summits.id),
    agreementId: text().references(() => agreements.id),
    scope: text({ enum: ['collective', 'group', 'individual'] }).notNull(),
    status: text({ enum: ['proposed', 'adopted', 'withdrawn', 'superseded'] }).notNull().default('adopted'),
    proposedById: text().references(() => participants.id),
    madeDate: text(),
    dueDate: text(),
    isPriority: integer({ mode: 'boolean' }).notNull().default(false),
    sourceUrls: sourceUrls(),
    // Maintained by the progress updates that are written in the same transaction.
    progressStatus: text({
      enum: [
        'not_yet_rated',
        'not_started',
        'in_progress',
        'stalled',
        'delayed',
        'partially_fulfilled',
        'fulfilled',
        'not_fulfilled',
      ],
    })
      .notNull()
      .default('not_yet_rated'),
    ...recordColumns(),
  },
  (t) => [
    // Made at a summit, in an agreement, or on its own (a speech, a law) with its date and a source.
    check(
      'commitments_anchor_check',
      sql`${t.summitId} IS NOT NULL OR ${t.agreementId} IS NOT NULL OR (${t.madeDate} IS NOT NULL AND ${t.sourceUrls} <> '[]')`,
    ),
    enumCheck('commitments_scope_check', t.scope),
    enumCheck('commitments_status_check', t.status),
    enumCheck('commitments_progress_status_check', t.progressStatus),
    partialDateCheck('commitments_made_date_check', t.madeDate),
    partialDateCheck('commitments_due_date_check', t.dueDate),
    check('commitments_date_order_check', notBefore(t.dueDate, t.madeDate)),
    uniqueIndex('commitments_summit_code_unique').on(t.summitId, t.code),
    index('commitments_agreement_id_idx').on(t.agreementId),
    index('commitments_proposed_by_idx').on(t.proposedById),
    index('commitments_created_at_idx').on(t.createdAt, t.id),
    index('commitments_due_date_idx').on(t.dueDate, t.id),
    index('commitments_made_date_idx').on(t.madeDate, t.id),
    // An enum filter is usually paired with the due-date sort (what is due, of the priority
    // commitments, of the adopted ones): one index serves both, so a page stops early.
    index('commitments_scope_idx').on(t.scope, t.dueDate, t.id),
    index('commitments_status_idx').on(t.status, t.dueDate, t.id),
    index('commitments_progress_status_idx').on(t.progressStatus, t.dueDate, t.id),
    index('commitments_is_priority_idx').on(t.isPriority, t.dueDate, t.id),
  ],
);

export const commitmentParties = sqliteTable(
  'commitment_parties',
  {
    commitmentId: text()
      .notNull()
      .references(() => commitments.id, { onDelete: 'cascade' }),
    participantId: text()
      .notNull()
      .references(() => participants.id),
    role: text({ enum: ['pledger', 'partner', 'beneficiary'] }).notNull(),
    position: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.commitmentId, t.participantId] }),
    enumCheck('commitment_parties_role_check', t.role),
    index('commitment_parties_participant_idx').on(t.participantId, t.role, t.commitmentId),
  ],
);

export const commitmentThemes = sqliteTable(
  'commitment_themes',
  {
    commitmentId: text()
      .notNull()
      .references(() => commitments.id, { onDelete: 'cascade' }),
    theme: text().notNull(),
    position: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.commitmentId, t.theme] }),
    themeCheck('commitment_themes_theme_check', t.theme),
    index('commitment_themes_theme_idx').on(t.theme, t.commitmentId),
  ],
);

export const commitmentTargets = sqliteTable(
  'commitment_targets',
  {
    commitmentId: text()
      .notNull()
      .references(() => commitments.id, { onDelete: 'cascade' }),
    ...targetColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.commitmentId, t.position] }),
    ...targetChecks('commitment_targets', t),
    index('commitment_targets_year_idx').on(t.targetYear, t.commitmentId),
    index('commitment_targets_type_idx').on(t.targetType, t.commitmentId),
  ],
);

/* ---------- progress updates ---------- */

/** Append-only evidence of implementation; the latest (by asOfDate, then creation) sets the commitment's progressStatus. */
export const progressUpdates = sqliteTable(
  'progress_updates',
  {
    id: text().primaryKey(),
    // No cascade: a commitment with evidence is withdrawn, not deleted.
    commitmentId: text()
      .notNull()
      .references(() => commitments.id),
    participantId: text().references(() => participants.id),
    asOfDate: text().notNull(),
    status: text({
      enum: ['not_started', 'in_progress', 'stalled', 'delayed', 'partially_fulfilled', 'fulfilled', 'not_fulfilled'],
    }).notNull(),
    note: text(),
    sourceUrl: text().notNull(),
    ...recordColumns(),
  },
  (t) => [
    enumCheck('progress_updates_status_check', t.status),
    partialDateCheck('progress_updates_as_of_date_check', t.asOfDate),
    index('progress_updates_commitment_latest_idx').on(t.commitmentId, t.asOfDate, t.createdAt, t.id),
    index('progress_updates_commitment_created_idx').on(t.commitmentId, t.createdAt, t.id),
    index('progress_updates_participant_idx').on(t.participantId),
  ],
);

/* ---------- compliance ---------- */

/** A scored review of a summit's commitments, in the manner of the G7 and G20 Research Groups. */
export const complianceReports = sqliteTable(
  'compliance_reports',
  {
    id: text().primaryKey(),
    summitId: text()
      .notNull()
      .references(() => summits.id),
    kind: text({ enum: ['interim', 'final', 'special'] }).notNull(),
    periodStart: text(),
    periodEnd: text(),
    publishedDate: text(),
    assessor: text(),
    isPreliminary: integer({ mode: 'boolean' }).notNull().default(false),
    url: text(),
    ...recordColumns(),
  },
  (t) => [
    enumCheck('compliance_reports_kind_check', t.kind),
    partialDateCheck('compliance_reports_period_start_check', t.periodStart),
    partialDateCheck('compliance_reports_period_end_check', t.periodEnd),
    partialDateCheck('compliance_reports_published_date_check', t.publishedDate),
    check('compliance_reports_period_order_check', notBefore(t.periodEnd, t.periodStart)),
    index('compliance_reports_summit_idx').on(t.summitId, t.kind, t.publishedDate),
    index('compliance_reports_created_at_idx').on(t.createdAt, t.id),
    index('compliance_reports_published_date_idx').on(t.publishedDate, t.id),
  ],
);

/** One member's score on one commitment in one report: -1 no compliance, 0 partial, +1 full; NULL not assessable. */
export const assessments = sqliteTable(
  'assessments',
  {
    id: text().primaryKey(),
    reportId: text()
      .notNull()
      .references(() => complianceReports.id, { onDelete: 'cascade' }),
    commitmentId: text()
      .notNull()
      .references(() => commitments.id),
    participantId: text()
      .notNull()
      .references(() => participants.id),
    score: integer(),
    rationale: text(),
    sourceUrl: text(),
    ...recordColumns(),
  },
  (t) => [
    check('assessments_score_check', sql`${t.score} IS NULL OR ${t.score} IN (-1, 0, 1)`),
    uniqueIndex('assessments_report_commitment_participant_unique').on(t.reportId, t.commitmentId, t.participantId),
    index('assessments_report_created_idx').on(t.reportId, t.createdAt, t.id),
    index('assessments_commitment_idx').on(t.commitmentId, t.participantId),
    index('assessments_participant_idx').on(t.participantId),
  ],
);

/* ---------- API keys ---------- */

/** Keys are stored only as the SHA-256 of the secret; the secret is shown once, at creation. */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text().primaryKey(),
    name: text().notNull(),
    scopes: text({ mode: 'json' }).$type<('read' | 'write' | 'admin')[]>().notNull(),
    hash: text().notNull(),
    createdAt: text().notNull(),
    lastUsedAt: text(),
    revokedAt: text(),
  },
  (t) => [uniqueIndex('api_keys_hash_unique').on(t.hash), index('api_keys_active_idx').on(t.revokedAt)],
);

/* ---------- idempotency ---------- */

/** The answer to a POST or PATCH sent with an Idempotency-Key, kept 24 hours for retries to replay. */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    // Whose key: the API key's id, or '' while the API is open.
    owner: text().notNull(),
    key: text().notNull(),
    fingerprint: text().notNull(),
    state: text({ enum: ['in_flight', 'done'] }).notNull(),
    status: integer(),
    // The headers a replay repeats: Content-Type, Location, ETag.
    headers: text({ mode: 'json' }).$type<Record<string, string>>(),
    body: text(),
    createdAt: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.owner, t.key] }),
    enumCheck('idempotency_keys_state_check', t.state),
    index('idempotency_keys_created_at_idx').on(t.createdAt),
  ],
);

/* ---------- the change feed ---------- */

/**
 * What the change feed reports: `<resource>.<change>`, the resource named as in camelCase and
 * singular. Only changes that can happen are listed: progress updates are append-only, and an
 * agreement action is recorded or removed, never edited.
 */
export const EVENT_TYPES = [
  'participant.created',
  'participant.updated',
  'participant.deleted',
  'summit.created',
  'summit.updated',
  'summit.deleted',
  'participation.created',
  'participation.updated',
  'participation.deleted',
  'agreement.created',
  'agreement.updated',
  'agreement.deleted',
  'agreementAction.created',
  'agreementAction.deleted',
  'commitment.created',
  'commitment.updated',
  'commitment.deleted',
  'progressUpdate.created',
  'complianceReport.created',
  'complianceReport.updated',
  'complianceReport.deleted',
  'assessment.created',
  'assessment.updated',
  'assessment.deleted',
  'position.created',
  'position.updated',
  'position.deleted',
  'membership.created',
  'membership.updated',
  'membership.deleted',
] as const;

/**
 * One change of one resource, written in the transaction of the change. The id is a ULID taken
 * when the event is written, so ids follow the order of commits (src/events/events.queries.ts)
 * and their leading characters encode occurredAt: the primary key alone serves both the feed
 * (id > after) and the pruning of old events (id < the id of the cutoff time).
 */
export const events = sqliteTable(
  'events',
  {
    id: text().primaryKey(),
    type: text({ enum: EVENT_TYPES }).notNull(),
    resourceId: text().notNull(),
    occurredAt: text().notNull(),
    /** The resource as the API shows it after the change; before it, for a delete. */
    data: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  },
  (t) => [enumCheck('events_type_check', t.type)],
);
