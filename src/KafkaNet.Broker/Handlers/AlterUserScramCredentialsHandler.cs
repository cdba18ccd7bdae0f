// AlterUserScramCredentials (key 51), version 0 (KIP-554).
// Needs ALTER on the cluster; then goes to the controller, which checks each user's change and writes the
// credentials to the metadata log (see ScramCredentialChanges). The client sends the salted password, never the
// password; the broker keeps only the keys derived from it.
// Deviation: a broker without a metadata quorum refuses every change (INVALID_REQUEST): credentials live in the log.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class AlterUserScramCredentialsHandler : ApiHandler<AlterUserScramCredentialsRequest, AlterUserScramCredentialsResponse>
{
    public override short ApiKey => AlterUserScramCredentialsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 0;

    protected override ValueTask<AlterUserScramCredentialsResponse?> HandleAsync(RequestContext context, AlterUserScramCredentialsRequest request, CancellationToken cancellationToken)
    {
        if (!context.IsAllowed(AclOperation.Alter, AclResourceType.Cluster, "kafka-cluster"))
        {
            return Answer(ScramCredentialErrors.ForEveryUser(request, ErrorCode.ClusterAuthorizationFailed, null));
        }
        if (context.Broker.Controller is null)
        {
            return Answer(ScramCredentialErrors.ForEveryUser(request, ErrorCode.InvalidRequest, "SCRAM credentials need a node with a metadata quorum"));
        }
        return ControllerForwarding.ForwardAsync<AlterUserScramCredentialsResponse>(context, request, AlterUserScramCredentialsRequest.ApiKey, cancellationToken);
    }

    private static ValueTask<AlterUserScramCredentialsResponse?> Answer(AlterUserScramCredentialsResponse response) => ValueTask.FromResult<AlterUserScramCredentialsResponse?>(response);
}
