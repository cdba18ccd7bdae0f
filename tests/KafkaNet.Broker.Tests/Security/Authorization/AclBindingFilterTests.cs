using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Tests.Security.Authorization;

/// <summary>DescribeAcls and DeleteAcls filters and what CreateAcls refuses, as Kafka has them.</summary>
public class AclBindingFilterTests
{
    private static readonly StandardAcl LiteralOrders = new(AclResourceType.Topic, "orders", AclPatternType.Literal, "User:alice", "*", AclOperation.Read, AclPermissionType.Allow);
    private static readonly StandardAcl PrefixedOrd = LiteralOrders with { ResourceName = "ord", PatternType = AclPatternType.Prefixed };
    private static readonly StandardAcl Wildcard = LiteralOrders with { ResourceName = "*" };
    private static readonly StandardAcl GroupOrders = LiteralOrders with { ResourceType = AclResourceType.Group };
    private static readonly StandardAcl[] All = [LiteralOrders, PrefixedOrd, Wildcard, GroupOrders];

    private static string[] Selected(AclBindingFilter filter) =>
        [.. All.Where(filter.Matches).Select(a => $"{a.ResourceType}:{a.ResourceName}:{a.PatternType}")];

    [Fact]
    public void Any_filter_selects_everything()
    {
        Assert.Equal(4, Selected(AclBindingFilter.Any).Length);
    }

    [Fact]
    public void Pattern_type_any_with_a_name_selects_that_exact_name_whatever_its_pattern()
    {
        var filter = AclBindingFilter.Any with { ResourceType = AclResourceType.Topic, ResourceName = "ord" };

        Assert.Equal(["Topic:ord:Prefixed"], Selected(filter));
    }

    [Fact]
    public void Pattern_type_match_selects_every_acl_that_applies_to_the_resource()
    {
        var filter = AclBindingFilter.Any with { ResourceType = AclResourceType.Topic, ResourceName = "orders", PatternType = AclPatternType.Match };

        Assert.Equal(["Topic:orders:Literal", "Topic:ord:Prefixed", "Topic:*:Literal"], Selected(filter));
    }

    [Fact]
    public void A_literal_or_prefixed_filter_selects_that_pattern_type_only()
    {
        Assert.Equal(["Topic:orders:Literal", "Topic:*:Literal", "Group:orders:Literal"], Selected(AclBindingFilter.Any with { PatternType = AclPatternType.Literal }));
        Assert.Equal(["Topic:ord:Prefixed"], Selected(AclBindingFilter.Any with { PatternType = AclPatternType.Prefixed }));
        Assert.Empty(Selected(AclBindingFilter.Any with { PatternType = AclPatternType.Prefixed, ResourceName = "orders" }));
    }

    [Fact]
    public void Entry_fields_filter_exactly()
    {
        Assert.Equal(4, Selected(AclBindingFilter.Any with { Principal = "User:alice", Host = "*", Operation = AclOperation.Read, Permission = AclPermissionType.Allow }).Length);
        Assert.Empty(Selected(AclBindingFilter.Any with { Principal = "User:*" }));
        Assert.Empty(Selected(AclBindingFilter.Any with { Host = "10.0.0.1" }));
        Assert.Empty(Selected(AclBindingFilter.Any with { Operation = AclOperation.All }));
        Assert.Empty(Selected(AclBindingFilter.Any with { Permission = AclPermissionType.Deny }));
    }

    [Theory]
    [InlineData(AclResourceType.Any, AclPatternType.Literal, AclOperation.Read, AclPermissionType.Allow, "Invalid resourceType ANY")]
    [InlineData(AclResourceType.Topic, AclPatternType.Match, AclOperation.Read, AclPermissionType.Allow, "Invalid patternType MATCH")]
    [InlineData(AclResourceType.Topic, AclPatternType.Any, AclOperation.Read, AclPermissionType.Allow, "Invalid patternType ANY")]
    [InlineData(AclResourceType.Topic, AclPatternType.Literal, AclOperation.Any, AclPermissionType.Allow, "Invalid operation ANY")]
    [InlineData(AclResourceType.Topic, AclPatternType.Literal, AclOperation.Unknown, AclPermissionType.Allow, "Invalid operation UNKNOWN")]
    [InlineData(AclResourceType.Topic, AclPatternType.Literal, AclOperation.Read, AclPermissionType.Any, "Invalid permissionType ANY")]
    [InlineData(AclResourceType.Unknown, AclPatternType.Literal, AclOperation.Read, AclPermissionType.Allow, "Invalid resourceType UNKNOWN")]
    public void Creating_refuses_filter_values_with_kafkas_messages(AclResourceType type, AclPatternType pattern, AclOperation operation, AclPermissionType permission, string message)
    {
        var error = AclValidation.ValidateNew(new StandardAcl(type, "orders", pattern, "User:alice", "*", operation, permission));

        Assert.Equal((ErrorCode.InvalidRequest, message), (error.Code, error.Message));
    }

    [Theory]
    [InlineData(AclResourceType.Cluster, "cluster", "User:alice", "The only valid name for the CLUSTER resource is kafka-cluster")]
    [InlineData(AclResourceType.Topic, "", "User:alice", "Resource name should not be empty")]
    [InlineData(AclResourceType.Topic, "orders", "alice", "expected a string in format principalType:principalName but got alice")]
    [InlineData(AclResourceType.TransactionalId, "tx", "User:alice", null)]
    [InlineData(AclResourceType.Cluster, "kafka-cluster", "Group:ops", null)]
    public void Creating_checks_the_cluster_name_an_empty_name_and_the_principal(AclResourceType type, string name, string principal, string? message)
    {
        var error = AclValidation.ValidateNew(new StandardAcl(type, name, AclPatternType.Literal, principal, "*", AclOperation.Alter, AclPermissionType.Allow));

        Assert.Equal(message, error.Message);
        Assert.Equal(message is null ? ErrorCode.None : ErrorCode.InvalidRequest, error.Code);
    }

    [Fact]
    public void A_filter_with_an_unknown_element_is_refused()
    {
        Assert.Equal("Unknown patternFilter.", AclValidation.ValidateFilter(AclBindingFilter.Any with { PatternType = AclPatternType.Unknown }).Message);
        Assert.Equal("Unknown patternFilter.", AclValidation.ValidateFilter(AclBindingFilter.Any with { ResourceType = (AclResourceType)42 }).Message);
        Assert.Equal("Unknown entryFilter.", AclValidation.ValidateFilter(AclBindingFilter.Any with { Permission = AclPermissionType.Unknown }).Message);
        Assert.False(AclValidation.ValidateFilter(AclBindingFilter.Any).IsError);
    }

    [Fact]
    public void Enum_names_print_as_kafka_prints_them()
    {
        Assert.Equal("TRANSACTIONAL_ID", AclNames.Of(AclResourceType.TransactionalId));
        Assert.Equal("DESCRIBE_CONFIGS", AclNames.Of(AclOperation.DescribeConfigs));
        Assert.Equal("UNKNOWN", AclNames.Of((AclOperation)99));
    }
}
