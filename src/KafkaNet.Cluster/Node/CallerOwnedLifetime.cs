using Microsoft.Extensions.Hosting;

namespace KafkaNet.Cluster.Node;

// The node's owner decides when it stops (and first runs the controlled shutdown), so the web host must
// not stop itself on Ctrl+C or SIGTERM as its default console lifetime would.
internal sealed class CallerOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
