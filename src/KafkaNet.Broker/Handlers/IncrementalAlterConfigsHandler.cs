// IncrementalAlterConfigs (key 44), versions 0-1.
// Changes single topic configs: SET (0) an override, DELETE (1) it back to the default, and on
// list configs (cleanup.policy) APPEND (2) or SUBTRACT (3) items, starting from the effective
// value when the topic has no override. The whole resource is applied atomically, and the
// result is checked against the config table (INVALID_CONFIG naming the config).
// validate_only checks without changing anything.
// Group resources (type 32) SET or DELETE a group's share.* configs (checked against the group.share.* bounds;
// APPEND and SUBTRACT are INVALID_CONFIG, as no group config is a list).
// BROKER resources go to the controller, which stores them (a broker without one refuses them); a change of a
// listener's keystore or truststore is first checked by this broker, which must be the one named (the new stores must
// load and the certificate keep its names), else INVALID_REQUEST with the reason. Deviation: no AlterConfigPolicy. Group configs are kept by
// the broker that receives them (its group-configs.json), not in the metadata log: in a cluster of several brokers each keeps its own.
// Authorization: ALTER_CONFIGS on the topic, the cluster (broker and broker-logger resources) or the group, else
// that resource's authorization error; refused resources are not forwarded or applied.
using KafkaNet.Broker.Security.Authorization;
using System.Collections.Immutable;
using KafkaNet.Broker.Configs;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class IncrementalAlterConfigsHandler : ApiHandler<IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse>
{
    private const sbyte Set = 0;
    private const sbyte Delete = 1;
    private const sbyte Append = 2;
    private const sbyte Subtract = 3;

    public override short ApiKey => IncrementalAlterConfigsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 1;

    protected override async ValueTask<IncrementalAlterConfigsResponse?> HandleAsync(RequestContext context, IncrementalAlterConfigsRequest request, CancellationToken cancellationToken)
    {
        var refused = RefusedEntries.Take(request.Resources, r => ConfigAccess.Check(context, AclOperation.AlterConfigs, r.ResourceType, r.ResourceName));
        // A listener's new keystore is checked here, by the broker that will use it, before the controller stores it.
        var invalid = RefusedEntries.TakeInvalid(request.Resources, r => ConfigAlteration.CheckBroker(context.Broker, r.ResourceType, r.ResourceName,
            () => [.. r.Configs.Where(c => c.ConfigOperation is Set or Delete).Select(c => new KeyValuePair<string, string?>(c.Name, c.ConfigOperation == Set ? c.Value : null))],
            replacesAll: false));
        var response = request.Resources.Count == 0 && refused.Count + invalid.Count > 0
            ? new IncrementalAlterConfigsResponse()
            : await HandleAuthorizedAsync(context, request, cancellationToken).ConfigureAwait(false);
        foreach (var (resource, error) in refused)
        {
            response!.Responses.Add(new IncrementalAlterConfigsResponse.AlterConfigsResourceResponse
            {
                ErrorCode = (short)error,
                ErrorMessage = null,
                ResourceType = resource.ResourceType,
                ResourceName = resource.ResourceName,
            });
        }
        foreach (var (resource, error) in invalid)
        {
            response!.Responses.Add(new IncrementalAlterConfigsResponse.AlterConfigsResourceResponse
            {
                ErrorCode = (short)error.Code,
                ErrorMessage = error.Message,
                ResourceType = resource.ResourceType,
                ResourceName = resource.ResourceName,
            });
        }
        return response;
    }

    private async ValueTask<IncrementalAlterConfigsResponse?> HandleAuthorizedAsync(RequestContext context, IncrementalAlterConfigsRequest request, CancellationToken cancellationToken)
    {
        if (context.Broker.Controller is null)
        {
            return HandleHere(context, request);
        }
        // Group configs are the group coordinator's own here; everything else goes to the controller.
        var groups = request.Resources.Where(r => r.ResourceType == (sbyte)ConfigResourceType.Group).ToList();
        if (groups.Count == 0)
        {
            return await ControllerForwarding.ForwardAsync<IncrementalAlterConfigsResponse>(context, request, IncrementalAlterConfigsRequest.ApiKey, cancellationToken).ConfigureAwait(false);
        }
        var rest = new IncrementalAlterConfigsRequest { ValidateOnly = request.ValidateOnly, Resources = [.. request.Resources.Where(r => r.ResourceType != (sbyte)ConfigResourceType.Group)] };
        var response = rest.Resources.Count == 0
            ? new IncrementalAlterConfigsResponse()
            : await ControllerForwarding.ForwardAsync<IncrementalAlterConfigsResponse>(context, rest, IncrementalAlterConfigsRequest.ApiKey, cancellationToken).ConfigureAwait(false);
        if (response is not null)
        {
            response.Responses.AddRange(HandleHere(context, new IncrementalAlterConfigsRequest { ValidateOnly = request.ValidateOnly, Resources = groups }).Responses);
        }
        return response;
    }

    private static IncrementalAlterConfigsResponse HandleHere(RequestContext context, IncrementalAlterConfigsRequest request)
    {
        var response = new IncrementalAlterConfigsResponse();
        var duplicates = RequestDuplicates.Find(request.Resources.Select(r => (r.ResourceType, r.ResourceName)));
        foreach (var resource in request.Resources)
        {
            var error = duplicates.Contains((resource.ResourceType, resource.ResourceName))
                ? ConfigAlteration.DuplicateResource
                : resource.ResourceType == (sbyte)ConfigResourceType.Group ? GroupConfigAlteration.Apply(context.Broker, resource, request.ValidateOnly)
                : ConfigAlteration.Apply(context.Broker, resource.ResourceType, resource.ResourceName,
                    Change(context.Broker.TopicConfigResolver, resource), request.ValidateOnly);
            response.Responses.Add(new IncrementalAlterConfigsResponse.AlterConfigsResourceResponse
            {
                ErrorCode = (short)error.Code,
                ErrorMessage = error.Message,
                ResourceType = resource.ResourceType,
                ResourceName = resource.ResourceName,
            });
        }
        return response;
    }

    private static ConfigUpdate Change(TopicConfigResolver resolver, IncrementalAlterConfigsRequest.AlterConfigsResource resource) =>
        (ImmutableSortedDictionary<string, string> current, out ImmutableSortedDictionary<string, string> updated) =>
        {
            updated = current;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var builder = current.ToBuilder();
            foreach (var config in resource.Configs)
            {
                if (!seen.Add(config.Name))
                {
                    return ConfigAlteration.DuplicateKeys(config.Name);
                }
                var error = ApplyOne(resolver, builder, config);
                if (error.IsError)
                {
                    return error;
                }
            }
            updated = builder.ToImmutable();
            return ApiError.None;
        };

    private static ApiError ApplyOne(
        TopicConfigResolver resolver,
        ImmutableSortedDictionary<string, string>.Builder configs,
        IncrementalAlterConfigsRequest.AlterableConfig config)
    {
        var definition = TopicConfigs.Find(config.Name);
        if (definition is null)
        {
            return ApiError.InvalidConfig($"Unknown topic config name: {config.Name}");
        }
        switch (config.ConfigOperation)
        {
            case Set:
                var error = TopicConfigs.Validate(config.Name, config.Value);
                if (!error.IsError)
                {
                    configs[config.Name] = config.Value!.Trim();
                }
                return error;
            case Delete:
                configs.Remove(config.Name);
                return ApiError.None;
            case Append or Subtract:
                if (!definition.IsList)
                {
                    string verb = config.ConfigOperation == Append ? "append" : "subtract";
                    return ApiError.InvalidConfig($"Config value {verb} is not allowed for config key: {config.Name}");
                }
                if (config.Value is null)
                {
                    return ApiError.InvalidConfig($"Null value not supported for topic configs: {config.Name}");
                }
                string currentValue = configs.TryGetValue(config.Name, out string? own) ? own : resolver.DefaultFor(definition).Value;
                var items = ConfigValidators.SplitList(currentValue).ToList();
                foreach (string item in ConfigValidators.SplitList(config.Value))
                {
                    if (config.ConfigOperation == Append && !items.Contains(item))
                    {
                        items.Add(item);
                    }
                    else if (config.ConfigOperation == Subtract)
                    {
                        items.Remove(item);
                    }
                }
                configs[config.Name] = string.Join(",", items);
                return ApiError.None;
            default:
                return new ApiError(ErrorCode.InvalidRequest, $"Unknown config operation {config.ConfigOperation} for {config.Name}");
        }
    }
}
