using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Security.Authorization;

/// <summary>
/// Kafka's authorization table over the wire, on a node with a SASL_PLAINTEXT listener and the ACL authorizer: alice
/// without ACLs is refused by every client API with Kafka's error (or left out of what it lists), and nothing changes;
/// with the ACLs created over CreateAcls the same request passes. Then deny over allow, prefixed ACLs, super users.
/// </summary>
public sealed class AuthorizationMatrixTests(SecuredNode node) : IClassFixture<SecuredNode>
{
    [Fact]
    public async Task EveryClientApiRefusesWithoutItsAclsAndServesWithThem()
    {
        var served = node.Broker.Handlers.Handlers.Select(h => h.ApiKey).Except(MatrixCases.Unchecked).ToHashSet();
        var withCase = MatrixCases.All.Select(c => c.ApiKey).ToHashSet();
        Assert.True(served.SetEquals(withCase), "APIs without a matrix case: "
            + string.Join(", ", served.Except(withCase).Select(k => ApiTable.Find(k)!.Name)) + "; cases for APIs not served: "
            + string.Join(", ", withCase.Except(served).Select(k => ApiTable.Find(k)!.Name)));

        var failures = new List<string>();
        foreach (var matrixCase in MatrixCases.All)
        {
            string name = $"{ApiTable.Find(matrixCase.ApiKey)!.Name} v{matrixCase.Version}";
            try
            {
                string before = MatrixState.Fingerprint(node.Broker);
                var refused = await node.SendAsync(node.AliceConnection, matrixCase.ApiKey, matrixCase.Version, matrixCase.Request());
                var refusedErrors = MatrixState.Errors(refused);
                if (matrixCase.Refusal is { } refusal && !refusedErrors.Contains(refusal))
                {
                    failures.Add($"{name}: expected {refusal} without ACLs, got [{string.Join(", ", refusedErrors)}]");
                }
                if (matrixCase.Hidden is { } hidden && !hidden(refused))
                {
                    failures.Add($"{name}: showed what alice may not see");
                }
                if (MatrixState.Fingerprint(node.Broker) != before)
                {
                    failures.Add($"{name}: a refused request changed the broker's state");
                }

                await node.CreateAclsAsync(matrixCase.Grants);
                var allowed = await node.SendAsync(node.AliceConnection, matrixCase.ApiKey, matrixCase.Version, matrixCase.Request());
                var allowedErrors = MatrixState.Errors(allowed).Where(MatrixState.IsAuthorizationError).ToList();
                if (allowedErrors.Count > 0)
                {
                    failures.Add($"{name}: still refused with its ACLs: {string.Join(", ", allowedErrors)}");
                }
                if (matrixCase.Hidden is { } stillHidden && stillHidden(allowed))
                {
                    failures.Add($"{name}: still hidden with its ACLs");
                }
            }
            finally
            {
                await node.DeleteAllAclsAsync();
            }
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task DenyBeatsAllow()
    {
        try
        {
            await node.CreateAclsAsync(
                MatrixCases.Allow(AclOperation.Describe, AclResourceType.Topic, MatrixCases.Topic),
                new StandardAcl(AclResourceType.Topic, MatrixCases.Topic, AclPatternType.Literal, SecuredNode.Alice, "*", AclOperation.Describe, AclPermissionType.Deny));

            var topic = Assert.Single((await DescribeTopicAsync(MatrixCases.Topic)).Topics);

            Assert.Equal((short)ErrorCode.TopicAuthorizationFailed, topic.ErrorCode);
        }
        finally
        {
            await node.DeleteAllAclsAsync();
        }
    }

    [Fact]
    public async Task PrefixedAclsMatchTheNamesThatStartWithThem()
    {
        try
        {
            await node.CreateAclsAsync(new StandardAcl(AclResourceType.Topic, "matrix-p", AclPatternType.Prefixed, SecuredNode.Alice, "*",
                AclOperation.Describe, AclPermissionType.Allow));

            var response = await node.SendAsync<MetadataResponse>(node.AliceConnection, MetadataRequest.ApiKey, 12, new MetadataRequest
            {
                Topics = [new() { Name = MatrixCases.GrownTopic }, new() { Name = MatrixCases.Topic }, new() { Name = "matrix-p" }],
                AllowAutoTopicCreation = false,
            });

            Assert.Equal(
                [(MatrixCases.GrownTopic, ErrorCode.None), (MatrixCases.Topic, ErrorCode.TopicAuthorizationFailed), ("matrix-p", ErrorCode.UnknownTopicOrPartition)],
                response.Topics.Select(t => (t.Name, (ErrorCode)t.ErrorCode)));
        }
        finally
        {
            await node.DeleteAllAclsAsync();
        }
    }

    [Fact]
    public async Task MetadataListsOnlyTheTopicsAliceMayDescribeWithHerOperations()
    {
        try
        {
            await node.CreateAclsAsync(MatrixCases.Allow(AclOperation.Read, AclResourceType.Topic, MatrixCases.Topic));

            var response = await node.SendAsync<MetadataResponse>(node.AliceConnection, MetadataRequest.ApiKey, 10, new MetadataRequest
            {
                Topics = null, IncludeClusterAuthorizedOperations = true, IncludeTopicAuthorizedOperations = true,
            });

            // READ implies DESCRIBE, as in Kafka; nothing on the cluster.
            var topic = Assert.Single(response.Topics);
            Assert.Equal(MatrixCases.Topic, topic.Name);
            Assert.Equal((1 << (int)AclOperation.Read) | (1 << (int)AclOperation.Describe), topic.TopicAuthorizedOperations);
            Assert.Equal(0, response.ClusterAuthorizedOperations);
        }
        finally
        {
            await node.DeleteAllAclsAsync();
        }
    }

    [Fact]
    public async Task SuperUsersPassWithoutAcls()
    {
        var response = await node.SendAsync<MetadataResponse>(node.AdminConnection, MetadataRequest.ApiKey, 10, new MetadataRequest
        {
            Topics = [new() { Name = MatrixCases.Topic }], IncludeClusterAuthorizedOperations = true, IncludeTopicAuthorizedOperations = true,
        });

        var topic = Assert.Single(response.Topics);
        Assert.Equal(0, topic.ErrorCode);
        Assert.Equal(0b1101_1111_1000, topic.TopicAuthorizedOperations); // READ..ALTER_CONFIGS (3-11) but CLUSTER_ACTION (9)
        Assert.Equal(0b1_1111_1010_0000, response.ClusterAuthorizedOperations); // CREATE, ALTER..IDEMPOTENT_WRITE (5, 7-12)
    }

    [Fact]
    public async Task ARefusalIsWrittenToTheAuditLog()
    {
        var response = await DescribeTopicAsync(MatrixCases.Topic);

        Assert.Equal((short)ErrorCode.TopicAuthorizationFailed, Assert.Single(response.Topics).ErrorCode);
        Assert.Contains("Authorization denied: principal=User:alice host=127.0.0.1 operation=DESCRIBE resource=TOPIC:matrix api=Metadata", node.Logs);
    }

    private Task<MetadataResponse> DescribeTopicAsync(string topic) =>
        node.SendAsync<MetadataResponse>(node.AliceConnection, MetadataRequest.ApiKey, 12, new MetadataRequest { Topics = [new() { Name = topic }], AllowAutoTopicCreation = false });
}
