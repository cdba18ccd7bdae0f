// AlterConfigs (key 33), versions 0-2.
// Replaces a topic's whole override set with the configs given: configs not named go back to
// their defaults. Every value is checked against the config table first (INVALID_CONFIG naming
// the config); validate_only checks without changing anything.
// BROKER resources go to the controller, which stores them (a broker without one refuses them); a change of a
// listener's keystore or truststore is first checked by this broker, which must be the one named (the new stores must
// load and the certificate keep its names), else INVALID_REQUEST with the reason. Deviation: no AlterConfigPolicy.
// Authorization: ALTER_CONFIGS on the topic, the cluster (broker and broker-logger resources) or the group, else
// that resource's authorization error; refused resources are not forwarded or applied.
using KafkaNet.Broker.Security.Authorization;
using System.Collections.Immutable;
using KafkaNet.Broker.Configs;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class AlterConfigsHandler : ApiHandler<AlterConfigsRequest, AlterConfigsResponse>
{
    public override short ApiKey => AlterConfigsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 2;

    protected override async ValueTask<AlterConfigsResponse?> HandleAsync(RequestContext context, AlterConfigsRequest request, CancellationToken cancellationToken)
    {
        var refused = RefusedEntries.Take(request.Resources, r => ConfigAccess.Check(context, AclOperation.AlterConfigs, r.ResourceType, r.ResourceName));
        // A listener's new keystore is checked here, by the broker that will use it, before the controller stores it.
        var invalid = RefusedEntries.TakeInvalid(request.Resources, r => ConfigAlteration.CheckBroker(context.Broker, r.ResourceType, r.ResourceName,
            () => [.. r.Configs.Select(c => new KeyValuePair<string, string?>(c.Name, c.Value))], replacesAll: true));
        var response = request.Resources.Count == 0 && refused.Count + invalid.Count > 0
            ? new AlterConfigsResponse()
            : await HandleAuthorizedAsync(context, request, cancellationToken).ConfigureAwait(false);
        foreach (var (resource, error) in refused)
        {
            response!.Responses.Add(new AlterConfigsResponse.AlterConfigsResourceResponse
            {
                ErrorCode = (short)error,
                ErrorMessage = null,
                ResourceType = resource.ResourceType,
                ResourceName = resource.ResourceName,
            });
        }
        foreach (var (resource, error) in invalid)
        {
            response!.Responses.Add(new AlterConfigsResponse.AlterConfigsResourceResponse
            {
                ErrorCode = (short)error.Code,
                ErrorMessage = error.Message,
                ResourceType = resource.ResourceType,
                ResourceName = resource.ResourceName,
            });
        }
        return response;
    }

    private static ValueTask<AlterConfigsResponse?> HandleAuthorizedAsync(RequestContext context, AlterConfigsRequest request, CancellationToken cancellationToken)
    {
        if (context.Broker.Controller is not null)
        {
            return ControllerForwarding.ForwardAsync<AlterConfigsResponse>(context, request, AlterConfigsRequest.ApiKey, cancellationToken);
        }
        var response = new AlterConfigsResponse();
        var duplicates = RequestDuplicates.Find(request.Resources.Select(r => (r.ResourceType, r.ResourceName)));
        foreach (var resource in request.Resources)
        {
            var error = duplicates.Contains((resource.ResourceType, resource.ResourceName))
                ? ConfigAlteration.DuplicateResource
                : ConfigAlteration.Apply(context.Broker, resource.ResourceType, resource.ResourceName, Replace(resource), request.ValidateOnly);
            response.Responses.Add(new AlterConfigsResponse.AlterConfigsResourceResponse
            {
                ErrorCode = (short)error.Code,
                ErrorMessage = error.Message,
                ResourceType = resource.ResourceType,
                ResourceName = resource.ResourceName,
            });
        }
        return ValueTask.FromResult<AlterConfigsResponse?>(response);
    }

    private static ConfigUpdate Replace(AlterConfigsRequest.AlterConfigsResource resource) =>
        (ImmutableSortedDictionary<string, string> current, out ImmutableSortedDictionary<string, string> updated) =>
        {
            var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            updated = current;
            foreach (var config in resource.Configs)
            {
                var error = TopicConfigs.Validate(config.Name, config.Value);
                if (error.IsError)
                {
                    return error;
                }
                if (!builder.TryAdd(config.Name, config.Value!.Trim()))
                {
                    return ConfigAlteration.DuplicateKeys(config.Name);
                }
            }
            updated = builder.ToImmutable();
            return ApiError.None;
        };
}
