using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Handlers;

/// <summary>
/// What the ACL APIs answer before looking at their request, as Kafka's brokers do: SECURITY_DISABLED without an
/// authorizer, CLUSTER_AUTHORIZATION_FAILED without the operation they need on the cluster (ALTER to create or
/// delete ACLs, DESCRIBE to list them).
/// </summary>
internal static class AclApiGate
{
    public static ApiError Check(RequestContext context, AclOperation operation, string noAuthorizerMessage)
    {
        if (context.Broker.Authorizer is null)
        {
            return new ApiError(ErrorCode.SecurityDisabled, noAuthorizerMessage);
        }
        return context.IsAllowed(operation, AclResourceType.Cluster, AclValidation.ClusterResourceName)
            ? ApiError.None
            : new ApiError(ErrorCode.ClusterAuthorizationFailed, "Cluster authorization failed.");
    }

    /// <summary>The gate of CreateAcls and DeleteAcls: an authorizer, ALTER on the cluster, and a controller to send the change to.</summary>
    public static ApiError CheckChange(RequestContext context)
    {
        var refusal = Check(context, AclOperation.Alter, NoAuthorizer);
        return !refusal.IsError && context.Broker.Controller is null ? NoController : refusal;
    }

    /// <summary>Kafka's answer to CreateAcls and DeleteAcls without an authorizer.</summary>
    public const string NoAuthorizer = "No Authorizer is configured.";

    /// <summary>A request for the controller on a broker that has none to send it to.</summary>
    public static ApiError NoController { get; } = new(ErrorCode.NotController, "This broker has no controller to send ACL changes to.");
}
