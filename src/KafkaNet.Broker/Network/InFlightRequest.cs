using KafkaNet.Broker.Handlers;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Network;

/// <summary>
/// A request whose handler has started and whose response has not left yet. The frame stays
/// rented until then: decoded requests point into it. <see cref="Received"/>, <see cref="Started"/> and
/// <see cref="LocalDone"/> are the <see cref="System.Diagnostics.Stopwatch"/> timestamps of the frame being read,
/// the handler starting and the handler returning (answered or waiting); the response carries when it was ready.
/// </summary>
internal readonly record struct InFlightRequest(
    FrameBuffer Frame,
    int CorrelationId,
    short ResponseHeaderVersion,
    short ResponseVersion,
    ValueTask<ReadyResponse> Response,
    RequestContext? Context,
    string ApiName,
    long Received,
    long Started,
    long LocalDone);
