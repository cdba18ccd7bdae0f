using KafkaNet.Broker.Handlers;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Controller;

// AlterUserScramCredentials: the credentials' records, written together or not at all.
public sealed partial class QuorumController
{
    public Task<AlterUserScramCredentialsResponse> AlterUserScramCredentialsAsync(AlterUserScramCredentialsRequest request, short version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(image =>
        {
            var (records, response) = ScramCredentialChanges.Plan(image, request);
            return new Plan<AlterUserScramCredentialsResponse>(records, _ => response);
        }, (code, message) => ScramCredentialErrors.ForEveryUser(request, code, message), cancellationToken);
    }
}
