namespace KafkaNet.Cluster.Node;

/// <summary>What /health/ready answers: ready once the node serves clients, and no longer once it starts stopping.</summary>
internal sealed class NodeHealth
{
    private volatile Task? _ready;
    private volatile bool _stopping;

    /// <summary>The node's <see cref="KafkaNode.Ready"/>, once known.</summary>
    public Task? Ready
    {
        get => _ready;
        set => _ready = value;
    }

    public bool IsReady => !_stopping && _ready is { IsCompletedSuccessfully: true };

    public void Stopping() => _stopping = true;
}
