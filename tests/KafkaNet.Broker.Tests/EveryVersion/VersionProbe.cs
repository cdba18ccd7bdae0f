namespace KafkaNet.Broker.Tests.EveryVersion;

/// <summary>
/// Sends one real request of an API at the given version to the running broker and asserts on
/// the decoded response; throws (an xunit assertion) when the round trip is wrong.
/// </summary>
internal delegate Task VersionProbe(ProbeContext context, short version);
