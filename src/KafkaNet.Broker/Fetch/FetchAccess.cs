using KafkaNet.Broker.Handlers;
using KafkaNet.Broker.Security.Authorization;

namespace KafkaNet.Broker.Fetch;

/// <summary>
/// Who may read what in one fetch (Kafka's table): a follower needs CLUSTER_ACTION on the cluster, a consumer READ on
/// each topic. Asked once per request for a follower and once per run of a topic's partitions for a consumer, so the
/// read loop stays free of per-partition authorizer calls.
/// </summary>
internal struct FetchAccess
{
    private readonly RequestContext _context;
    private readonly bool _follower;
    private bool? _clusterAction;
    private string? _lastTopic;
    private bool _lastReadable;

    public FetchAccess(RequestContext context, bool follower)
    {
        _context = context;
        _follower = follower;
    }

    /// <param name="topic">The topic's name; null for a topic id this broker does not know (answered UNKNOWN_TOPIC_ID).</param>
    public bool MayRead(string? topic)
    {
        if (topic is null || _context.Broker.Authorizer is null)
        {
            return true;
        }
        if (_follower)
        {
            return _clusterAction ??= _context.AllowsCluster(AclOperation.ClusterAction);
        }
        if (!string.Equals(topic, _lastTopic, StringComparison.Ordinal))
        {
            _lastTopic = topic;
            _lastReadable = _context.AllowsTopic(AclOperation.Read, topic);
        }
        return _lastReadable;
    }
}
