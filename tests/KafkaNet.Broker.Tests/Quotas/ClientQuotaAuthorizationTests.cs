using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using static KafkaNet.Broker.Tests.Quotas.QuotaWire;

namespace KafkaNet.Broker.Tests.Quotas;

/// <summary>Client quotas need DESCRIBE_CONFIGS (to read) and ALTER_CONFIGS (to change) on the cluster.</summary>
public sealed class ClientQuotaAuthorizationTests
{
    [Fact]
    public async Task Without_the_cluster_operations_both_requests_answer_cluster_authorization_failed()
    {
        await using var kafka = await EmbeddedKafka.StartAsync();
        var authorizer = new OnlyAllowing(AclOperation.DescribeConfigs);
        kafka.Broker.Authorizer = authorizer;

        var altered = await SetAsync(kafka.Port, [("user", "denied")], ("producer_byte_rate", 1024));
        var described = await DescribeAsync(kafka.Port, strict: false);
        authorizer.Allowed = AclOperation.AlterConfigs;
        var hidden = await DescribeAsync(kafka.Port, strict: false);

        Assert.Equal(((short)ErrorCode.ClusterAuthorizationFailed, "Cluster authorization failed."), (altered.ErrorCode, altered.ErrorMessage));
        Assert.Empty(kafka.Broker.Image.ClientQuotas);
        Assert.Equal(0, described.ErrorCode);
        Assert.Equal((short)ErrorCode.ClusterAuthorizationFailed, hidden.ErrorCode);
        Assert.Null(hidden.Entries);
        Assert.Equal(("User:ANONYMOUS", "kafka-cluster"), (authorizer.LastPrincipal, authorizer.LastResource));
    }

    private sealed class OnlyAllowing(AclOperation allowed) : IAuthorizer
    {
        public AclOperation Allowed { get; set; } = allowed;

        public string? LastPrincipal { get; private set; }

        public string? LastResource { get; private set; }

        public bool Authorize(string principal, string host, AclOperation operation, AclResourceType resourceType, string resourceName)
        {
            LastPrincipal = principal;
            LastResource = resourceName;
            return resourceType == AclResourceType.Cluster && operation == Allowed;
        }

        public bool AuthorizeAny(string principal, string host, AclOperation operation, AclResourceType resourceType) => false;
    }
}
