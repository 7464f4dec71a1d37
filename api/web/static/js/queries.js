// Every GraphQL document the page sends. "Copy query" copies these, with the view's values filled in.

const E = "fragment E on Entity { id name label kind }";
const EV = `fragment Ev on CustodyEvent { id type date confidence subject { ...E } fromActor { ...E } toActor { ...E }
  location { ...E } }`;
const REL = "fragment Rel on RelationFact { id type validFrom validTo source { ...E } target { ...E } }";
const QUOTE = `fragment Q on Evidence { quote locator confidence extractor
  document { id title kind published url sensitivity } }`;

export const SEARCH = `query Search($text: String!) {
  search(text: $text, first: 12) { score matched how entity { id name label kind } }
}`;

/** The neighbourhood of one entity, by label (there is no generic neighbourhood query; see README). */
export const NEIGHBOURS = {
  Item: `query ItemNeighbours($id: ID!) {
  item(id: $id) { ...E serial lot evidenceWithheld evidence { ...Q } system { ...E } shipments { ...E ref date } events(first: 100) { ...Ev } }
}
${E}
${EV}
${QUOTE}`,
  Actor: `query ActorNeighbours($id: ID!) {
  actor(id: $id) { ...E aliases evidenceWithheld evidence { ...Q } relations { ...Rel } events(first: 100) { ...Ev } }
}
${E}
${REL}
${EV}
${QUOTE}`,
  Location: `query LocationNeighbours($id: ID!) {
  location(id: $id) { ...E aliases country latitude longitude evidenceWithheld evidence { ...Q }
    relations { ...Rel } events(first: 100) { ...Ev } }
}
${E}
${REL}
${EV}
${QUOTE}`,
  Shipment: `query ShipmentNeighbours($id: ID!) {
  shipment(id: $id) { ...E ref date receipt evidenceWithheld evidence { ...Q } consignor { ...E } consignee { ...E } endUser { ...E }
    origin { ...E } destination { ...E } items(first: 100) { ...E } events(first: 100) { ...Ev } }
}
${E}
${EV}
${QUOTE}`,
  WeaponSystem: `query WeaponSystemItems($id: String!) {
  items(filter: { system: $id }, first: 100) { totalCount nodes { ...E system { ...E category eeum } } }
}
${E}`,
};

export const CHAIN = `query Chain($item: String!, $asOf: String) {
  custodyChain(item: $item, asOf: $asOf) {
    asOf deliveredSegment holders { ...E }
    item { id name serial lot system { id name kind } shipments { id ref } }
    segments {
      index start end inferred evidenceWithheld interval { start end }
      holder { ...E } location { ...E latitude longitude }
      events { id type date confidence fromActor { ...E } toActor { ...E } location { ...E }
        evidenceWithheld evidence { ...Q } }
    }
    anomalies { kind message segments days holder { ...E } actors { ...E } shipment { id ref } }
    undatedEvents { id type confidence fromActor { ...E } toActor { ...E } location { ...E } evidence { ...Q } }
  }
}
${E}
${QUOTE}`;

export const REACH = `query Reach($item: String!, $maxHops: Int, $window: IntervalInput) {
  whoCouldReach(item: $item, maxHops: $maxHops, window: $window, first: 100, pathsPerActor: 3) {
    maxHops window { start end }
    item { ...E serial }
    results {
      actorId hops confidence actor { ...E }
      paths { hops confidence interval { start end }
        steps { kind sourceId targetId direction fact confidence validity { start end } source { ...E } target { ...E }
          evidenceWithheld evidence { ...Q } } }
    }
  }
}
${E}
${QUOTE}`;

export const ALERTS = `query Alerts($asOf: String, $kinds: [String!], $after: String) {
  alerts(asOf: $asOf, kinds: $kinds, first: 100, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id kind message itemId item { id name serial } shipment { id ref } actors { ...E } facts details
      evidenceWithheld evidence { ...Q } }
  }
}
${E}
${QUOTE}`;
