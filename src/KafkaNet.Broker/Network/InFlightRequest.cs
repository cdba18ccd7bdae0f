using KafkaNet.Broker.Handlers;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Network;

/// <summary>
/// A request whose handler has started and whose response has not left yet. The frame stays
/// rented until then: decoded requests point into it. <see cref="Received"/> is the
/// <see cref="System.Diagnostics.Stopwatch"/> timestamp its frame was read at (request latency).
/// </summary>
internal readonly record struct InFlightRequest(
    FrameBuffer Frame,
    int CorrelationId,
    short ResponseHeaderVersion,
    short ResponseVersion,
    ValueTask<IKafkaMessage?> Response,
    RequestContext? Context,
    string ApiName,
    long Received);
