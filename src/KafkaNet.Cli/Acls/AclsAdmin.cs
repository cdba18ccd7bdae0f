using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.Output;
using AdminClient = KafkaNet.Cli.Admin.AdminClient;

namespace KafkaNet.Cli.Acls;

/// <summary>CreateAcls, DescribeAcls and DeleteAcls through Confluent.Kafka's admin client, refusals in Kafka's words.</summary>
internal sealed class AclsAdmin : IDisposable
{
    private const string NoAuthorizer = "SECURITY_DISABLED: No Authorizer is configured.";

    private readonly IAdminClient _admin;

    public AclsAdmin(IEnumerable<KeyValuePair<string, string>> properties)
    {
        _admin = AdminClient.Build(properties);
    }

    public void Dispose() => _admin.Dispose();

    public async Task CreateAsync(ResourcePatternFilter resource, IEnumerable<AccessControlEntry> entries)
    {
        var pattern = new ResourcePattern { Type = resource.Type, Name = resource.Name, ResourcePatternType = resource.ResourcePatternType };
        try
        {
            await _admin.CreateAclsAsync(entries.Select(e => new AclBinding { Pattern = pattern, Entry = e }), new CreateAclsOptions { RequestTimeout = AdminClient.Timeout })
                .ConfigureAwait(false);
        }
        catch (CreateAclsException e)
        {
            throw Refused(e.Results.Select(r => r.Error).First(r => r.IsError));
        }
        catch (KafkaException e)
        {
            throw Refused(e.Error);
        }
    }

    /// <summary>The ACLs matching the filter; no entries: every ACL of the resource.</summary>
    public async Task DeleteAsync(ResourcePatternFilter resource, IReadOnlyList<AccessControlEntry> entries)
    {
        var filters = entries.Count == 0
            ? [new AclBindingFilter { PatternFilter = resource, EntryFilter = AnyEntry() }]
            : entries.Select(e => new AclBindingFilter { PatternFilter = resource, EntryFilter = e.ToFilter() }).ToList();
        try
        {
            await _admin.DeleteAclsAsync(filters, new DeleteAclsOptions { RequestTimeout = AdminClient.Timeout }).ConfigureAwait(false);
        }
        catch (DeleteAclsException e)
        {
            throw Refused(e.Results.Select(r => r.Error).First(r => r.IsError));
        }
        catch (KafkaException e)
        {
            throw Refused(e.Error);
        }
    }

    /// <summary>Every ACL matching one of the filters (every ACL with none), by resource, in the order found.</summary>
    public async Task<IReadOnlyList<AclBinding>> DescribeAsync(IReadOnlyList<ResourcePatternFilter> resources)
    {
        var filters = resources.Count == 0
            ? [new ResourcePatternFilter { Type = ResourceType.Any, Name = null, ResourcePatternType = ResourcePatternType.Any }]
            : resources;
        var bindings = new List<AclBinding>();
        foreach (var resource in filters)
        {
            try
            {
                var described = await _admin.DescribeAclsAsync(new AclBindingFilter { PatternFilter = resource, EntryFilter = AnyEntry() },
                    new DescribeAclsOptions { RequestTimeout = AdminClient.Timeout }).ConfigureAwait(false);
                bindings.AddRange(described.AclBindings);
            }
            catch (DescribeAclsException e)
            {
                throw Refused(e.Result.Error);
            }
            catch (KafkaException e)
            {
                throw Refused(e.Error);
            }
        }

        return bindings;
    }

    private static AccessControlEntryFilter AnyEntry() =>
        new() { Principal = null, Host = null, Operation = AclOperation.Any, PermissionType = AclPermissionType.Any };

    /// <summary>
    /// Kafka answers SECURITY_DISABLED without an authorizer; a broker that does not even offer the ACL APIs is
    /// reported the same way, with why.
    /// </summary>
    private static CommandFailedException Refused(Error error) => error.Code switch
    {
        ErrorCode.SecurityDisabled => new CommandFailedException(NoAuthorizer),
        // librdkafka's own reason names a broker version, which says nothing about a broker without security yet.
        ErrorCode.Local_UnsupportedFeature => new CommandFailedException($"{NoAuthorizer} The cluster does not offer the ACL APIs (CreateAcls, DescribeAcls, DeleteAcls)."),
        _ => new CommandFailedException(KafkaErrorText.Describe(error)),
    };
}
