using KafkaNet.Protocol;

namespace KafkaNet.Broker.Network;

/// <summary>A handler's response (null: none is sent) and the <see cref="System.Diagnostics.Stopwatch"/> timestamp it was ready at.</summary>
internal readonly record struct ReadyResponse(IKafkaMessage? Message, long ReadyAt);
