// Every GraphQL document the page sends. "Copy query" copies these, with the view's values filled in.

const E = "fragment E on Entity { id name label kind }";
const QUOTE = `fragment Q on Evidence { quote locator confidence extractor
  document { id title kind published url sensitivity } }`;

export const SEARCH = `query Search($text: String!) {
  search(text: $text, first: 12) { score matched how entity { id name label kind } }
}`;

/** The neighbourhood of any entity as parallel lists (one answer for thousands of neighbours; no evidence). */
export const NEIGHBOURHOOD = `query Neighbourhood($id: ID!) {
  neighbourhood(id: $id, events: 100) { ids names labels kinds linkIds linkSources linkTargets linkTypes linkKinds
    linkStarts linkEnds eventsTotal }
}`;

/** What the side panel shows of a selected entity, by label: asked when it is selected. */
export const DETAILS = {
  Item: `query ItemDetails($id: ID!) {
  item(id: $id) { ...E serial lot evidenceWithheld evidence { ...Q } }
}
${E}
${QUOTE}`,
  Actor: `query ActorDetails($id: ID!) {
  actor(id: $id) { ...E aliases evidenceWithheld evidence { ...Q } }
}
${E}
${QUOTE}`,
  Location: `query LocationDetails($id: ID!) {
  location(id: $id) { ...E aliases country latitude longitude evidenceWithheld evidence { ...Q } }
}
${E}
${QUOTE}`,
  Shipment: `query ShipmentDetails($id: ID!) {
  shipment(id: $id) { ...E ref date receipt evidenceWithheld evidence { ...Q } }
}
${E}
${QUOTE}`,
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
