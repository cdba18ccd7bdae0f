using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.Output;
using AdminClient = KafkaNet.Cli.Admin.AdminClient;

namespace KafkaNet.Cli.Acls;

/// <summary>CreateAcls and DeleteAcls through Confluent.Kafka's admin client, refusals in Kafka's words.</summary>
internal sealed class AclsAdmin : IDisposable
{
    /// <summary>What the commands say of a cluster without an authorizer, as Kafka's tool reports SECURITY_DISABLED.</summary>
    public const string NoAuthorizer = "SECURITY_DISABLED: No Authorizer is configured.";

    private readonly IAdminClient _admin;

    public AclsAdmin(IEnumerable<KeyValuePair<string, string>> properties)
    {
        _admin = AdminClient.Build(properties);
    }

    public void Dispose() => _admin.Dispose();

    /// <returns>The ACLs created.</returns>
    public async Task<IReadOnlyList<AclBinding>> CreateAsync(ResourcePatternFilter resource, IEnumerable<AccessControlEntry> entries)
    {
        var pattern = new ResourcePattern { Type = resource.Type, Name = resource.Name, ResourcePatternType = resource.ResourcePatternType };
        var bindings = entries.Select(e => new AclBinding { Pattern = pattern, Entry = e }).ToList();
        try
        {
            await _admin.CreateAclsAsync(bindings, new CreateAclsOptions { RequestTimeout = AdminClient.Timeout }).ConfigureAwait(false);
            return bindings;
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
    /// <returns>The ACLs the cluster removed.</returns>
    public async Task<IReadOnlyList<AclBinding>> DeleteAsync(ResourcePatternFilter resource, IReadOnlyList<AccessControlEntry> entries)
    {
        var filters = entries.Count == 0
            ? [new AclBindingFilter { PatternFilter = resource, EntryFilter = AnyEntry() }]
            : entries.Select(e => new AclBindingFilter { PatternFilter = resource, EntryFilter = e.ToFilter() }).ToList();
        try
        {
            var results = await _admin.DeleteAclsAsync(filters, new DeleteAclsOptions { RequestTimeout = AdminClient.Timeout }).ConfigureAwait(false);
            return [.. results.SelectMany(r => r.AclBindings)];
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
