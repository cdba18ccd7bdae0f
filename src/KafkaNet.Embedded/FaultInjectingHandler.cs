using System.Diagnostics;
using KafkaNet.Broker.Handlers;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Embedded;

/// <summary>
/// Wraps one API handler of an embedded broker and applies the faults queued for its API. Faults
/// act where the connection already has a seam: a handler's response may be late, may be an
/// error, or may be none with <see cref="RequestContext.CloseConnection"/> set, which closes the
/// connection without a word. A broker that is not embedded never sees this type.
/// </summary>
internal sealed class FaultInjectingHandler : IApiHandler
{
    private readonly IApiHandler _inner;
    private readonly BrokerFaults _faults;
    private readonly ILogger _logger;

    public FaultInjectingHandler(IApiHandler inner, BrokerFaults faults, ILogger logger)
    {
        _inner = inner;
        _faults = faults;
        _logger = logger;
    }

    public short ApiKey => _inner.ApiKey;

    public short LowestVersion => _inner.LowestVersion;

    public short HighestVersion => _inner.HighestVersion;

    public ValueTask<IKafkaMessage?> HandleAsync(RequestContext context, IKafkaMessage request, CancellationToken cancellationToken)
    {
        // An acks=0 produce has no response to lose, delay or replace.
        if (request is ProduceRequest { Acks: 0 } || !_faults.TryTake(ApiKey, out var fault))
        {
            return _inner.HandleAsync(context, request, cancellationToken);
        }
        Log.Injecting(_logger, fault.Kind, fault.ApiKey, context.ApiVersion, context.Header.CorrelationId, context.ConnectionId);
        return fault.Kind switch
        {
            FaultKind.Drop => DropAsync(context, request, cancellationToken),
            FaultKind.Delay => DelayAsync(context, request, fault.Delay, cancellationToken),
            _ => ValueTask.FromResult<IKafkaMessage?>(ErrorResponses.Build(ApiKey, request, context.ApiVersion, fault.Error)),
        };
    }

    private async ValueTask<IKafkaMessage?> DropAsync(RequestContext context, IKafkaMessage request, CancellationToken cancellationToken)
    {
        var response = await _inner.HandleAsync(context, request, cancellationToken).ConfigureAwait(false);
        (response as IDisposable)?.Dispose();
        context.CloseConnection = true;
        return null;
    }

    private async ValueTask<IKafkaMessage?> DelayAsync(RequestContext context, IKafkaMessage request, TimeSpan delay, CancellationToken cancellationToken)
    {
        var response = await _inner.HandleAsync(context, request, cancellationToken).ConfigureAwait(false);
        long start = Stopwatch.GetTimestamp();
        try
        {
            // Timers may fire a little early; the promise is "at least".
            for (var left = delay; left > TimeSpan.Zero; left = delay - Stopwatch.GetElapsedTime(start))
            {
                await Task.Delay(left, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            (response as IDisposable)?.Dispose(); // leased log regions of a fetch
            throw;
        }
        return response;
    }
}
