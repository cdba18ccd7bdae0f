// DescribeUserScramCredentials (key 50), version 0 (KIP-554).
// Answered from this broker's metadata image, as Kafka's brokers answer it: each user's mechanisms and iterations,
// never a salt or key. No users (null or empty) lists every user with a credential; a user without any gets
// RESOURCE_NOT_FOUND, a user named twice DUPLICATE_RESOURCE. Needs DESCRIBE on the cluster.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class DescribeUserScramCredentialsHandler : ApiHandler<DescribeUserScramCredentialsRequest, DescribeUserScramCredentialsResponse>
{
    public override short ApiKey => DescribeUserScramCredentialsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 0;

    protected override ValueTask<DescribeUserScramCredentialsResponse?> HandleAsync(RequestContext context, DescribeUserScramCredentialsRequest request, CancellationToken cancellationToken)
    {
        var response = new DescribeUserScramCredentialsResponse { ErrorMessage = null };
        if (!context.IsAllowed(AclOperation.Describe, AclResourceType.Cluster, "kafka-cluster"))
        {
            response.ErrorCode = (short)ErrorCode.ClusterAuthorizationFailed;
            return ValueTask.FromResult<DescribeUserScramCredentialsResponse?>(response);
        }
        var credentials = context.Broker.Image.ScramCredentials;
        var byUser = credentials.Keys.GroupBy(k => k.User, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(k => k.Mechanism).ToList(), StringComparer.Ordinal);
        IEnumerable<string> asked = request.Users is { Count: > 0 } users ? users.Select(u => u.Name) : byUser.Keys.Order(StringComparer.Ordinal);
        var counts = asked.GroupBy(u => u, StringComparer.Ordinal).Select(g => (User: g.Key, Count: g.Count()));
        foreach (var (user, count) in counts)
        {
            var result = new DescribeUserScramCredentialsResponse.DescribeUserScramCredentialsResult { User = user, ErrorMessage = null };
            if (count > 1)
            {
                result.ErrorCode = (short)ErrorCode.DuplicateResource;
                result.ErrorMessage = "Cannot describe SCRAM credentials for the same user twice in a single request: " + user;
            }
            else if (!byUser.TryGetValue(user, out var keys))
            {
                result.ErrorCode = (short)ErrorCode.ResourceNotFound;
                result.ErrorMessage = "Attempt to describe a user credential that does not exist: " + user;
            }
            else
            {
                result.CredentialInfos.AddRange(keys.Select(k => new DescribeUserScramCredentialsResponse.CredentialInfo
                {
                    Mechanism = k.Mechanism,
                    Iterations = credentials[k].Iterations,
                }));
            }
            response.Results.Add(result);
        }
        return ValueTask.FromResult<DescribeUserScramCredentialsResponse?>(response);
    }
}
