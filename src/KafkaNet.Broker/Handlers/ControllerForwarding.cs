using System.Diagnostics;
using KafkaNet.Broker.Controller;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

/// <summary>
/// Admin requests on a broker that has a controller go there whole (same API key and version) and its
/// response comes back, as Kafka's brokers forward them. Topic creation and deletion then wait, for a
/// bounded time, until this broker's image shows the change, so the client's next Metadata here sees it.
/// CreateTopics, DeleteTopics and CreatePartitions for another node's controller go inside an Envelope with the
/// client's principal, client id and address: that controller charges controller_mutation_rate for the client and
/// its throttle_time_ms (and THROTTLING_QUOTA_EXCEEDED topics) come back as the client's answer.
/// </summary>
internal static class ControllerForwarding
{
    private static readonly TimeSpan ImageWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PollPause = TimeSpan.FromMilliseconds(10);

    public static async ValueTask<TResponse?> ForwardAsync<TResponse>(RequestContext context, IKafkaMessage request, short apiKey, CancellationToken cancellationToken)
        where TResponse : class, IKafkaMessage<TResponse> =>
        await SendAsync<TResponse>(context, request, apiKey, cancellationToken).ConfigureAwait(false);

    public static async ValueTask<CreateTopicsResponse?> CreateTopicsAsync(RequestContext context, CreateTopicsRequest request, CancellationToken cancellationToken)
    {
        var response = await SendAsync<CreateTopicsResponse>(context, request, CreateTopicsRequest.ApiKey, cancellationToken).ConfigureAwait(false);
        if (!request.ValidateOnly)
        {
            var created = response.Topics.Where(t => t.ErrorCode == 0).Select(t => t.Name).ToList();
            await WaitUntilAsync(() => created.TrueForAll(n => context.Broker.Topics.Find(n) is not null), cancellationToken).ConfigureAwait(false);
        }
        return response;
    }

    public static async ValueTask<DeleteTopicsResponse?> DeleteTopicsAsync(RequestContext context, DeleteTopicsRequest request, CancellationToken cancellationToken)
    {
        var response = await SendAsync<DeleteTopicsResponse>(context, request, DeleteTopicsRequest.ApiKey, cancellationToken).ConfigureAwait(false);
        var deleted = response.Responses.Where(r => r.ErrorCode == 0).ToList();
        await WaitUntilAsync(() => deleted.TrueForAll(r =>
            (r.Name is null || context.Broker.Topics.Find(r.Name) is null) && (r.TopicId == Guid.Empty || context.Broker.Topics.Find(r.TopicId) is null)),
            cancellationToken).ConfigureAwait(false);
        foreach (var name in deleted.Select(r => r.Name).OfType<string>())
        {
            context.Broker.Groups.OnTopicDeleted(name);
        }
        return response;
    }

    /// <summary>Asks the controller to create a topic with the defaults, not waiting: the client retries its Metadata.</summary>
    public static void CreateTopicInBackground(KafkaBroker broker, string name, IReadOnlyList<KeyValuePair<string, string>>? configs = null)
    {
        var request = new CreateTopicsRequest { TimeoutMs = (int)ImageWait.TotalMilliseconds };
        var topic = new CreateTopicsRequest.CreatableTopic { Name = name, NumPartitions = -1, ReplicationFactor = -1 };
        foreach (var (key, value) in configs ?? [])
        {
            topic.Configs.Add(new CreateTopicsRequest.CreatableTopicConfig { Name = key, Value = value });
        }
        request.Topics.Add(topic);
        _ = Task.Run(async () =>
        {
            try
            {
                await broker.Controller!.SendAsync<CreateTopicsResponse>(request, CreateTopicsRequest.ApiKey, 7, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Nothing waits on it; the client's next Metadata asks again.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        });
    }

    private static async Task<TResponse> SendAsync<TResponse>(RequestContext context, IKafkaMessage request, short apiKey, CancellationToken cancellationToken)
        where TResponse : class, IKafkaMessage<TResponse>
    {
        var controller = context.Broker.Controller ?? throw new InvalidOperationException("This broker has no controller to forward to.");
        if (controller.IsLocal || !ChargesMutations(apiKey))
        {
            return await controller.SendAsync<TResponse>(request, apiKey, context.ApiVersion, cancellationToken).ConfigureAwait(false);
        }
        var envelope = ForwardedRequest.Wrap(request, apiKey, context.ApiVersion, context.ClientId, context.Principal, context.ClientHost);
        var answer = await controller.SendAsync<EnvelopeResponse>(envelope, EnvelopeRequest.ApiKey, 0, cancellationToken).ConfigureAwait(false);
        if (answer.ErrorCode != 0)
        {
            return (TResponse)ForwardingErrors.UnknownServerError(request);
        }
        var response = ForwardedRequest.ReadAnswer<TResponse>(answer, apiKey, context.ApiVersion);
        // The controller's throttle also holds this connection, as a throttle of this broker's own would (KIP-219).
        context.ThrottleTimeMs = Math.Max(context.ThrottleTimeMs, ThrottleOf(response));
        return response;
    }

    /// <summary>The APIs controller_mutation_rate counts, which the controller charges for the forwarded client.</summary>
    internal static bool ChargesMutations(short apiKey) =>
        apiKey is CreateTopicsRequest.ApiKey or DeleteTopicsRequest.ApiKey or CreatePartitionsRequest.ApiKey;

    private static int ThrottleOf(IKafkaMessage response) => response switch
    {
        CreateTopicsResponse r => r.ThrottleTimeMs,
        DeleteTopicsResponse r => r.ThrottleTimeMs,
        CreatePartitionsResponse r => r.ThrottleTimeMs,
        _ => 0,
    };

    internal static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < ImageWait)
        {
            await Task.Delay(PollPause, cancellationToken).ConfigureAwait(false);
        }
    }
}
