using System.Collections.Immutable;
using System.Text.Json;
using KafkaNet.Broker.Configs;
using KafkaNet.Broker.Shares;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Groups;

/// <summary>
/// The dynamic configs of groups (IncrementalAlterConfigs and DescribeConfigs on resource type GROUP), kept in
/// group-configs.json in the data directory so they outlive a restart. A group need not exist to have configs.
/// </summary>
public sealed class GroupConfigStore
{
    private const string FileName = "group-configs.json";

    private readonly string? _path;
    private readonly Lock _writeLock = new();
    private readonly GroupConfigDefinitions _definitions;
    private volatile ImmutableDictionary<string, ImmutableSortedDictionary<string, string>> _byGroup;

    /// <param name="dataDirectory">Where the file lives; null keeps the configs in memory only.</param>
    /// <param name="share">The broker's share-group settings: the defaults and bounds of the share.* configs.</param>
    public GroupConfigStore(string? dataDirectory, ShareGroupOptions share)
    {
        _definitions = new GroupConfigDefinitions(share);
        _path = dataDirectory is null ? null : Path.Combine(dataDirectory, FileName);
        _byGroup = Load(_path);
    }

    /// <summary>The group's own configs (no defaults).</summary>
    public IReadOnlyDictionary<string, string> Of(string groupId) =>
        _byGroup.TryGetValue(groupId, out var configs) ? configs : ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>Every group config with its value and source: GROUP_CONFIG when the group set it, else the default.</summary>
    public IEnumerable<ConfigEntry> Describe(string groupId)
    {
        var own = Of(groupId);
        foreach (var definition in _definitions.All)
        {
            bool set = own.TryGetValue(definition.Name, out string? value);
            yield return new ConfigEntry(definition.Name, set ? value : definition.Default, set ? ConfigSource.GroupConfig : ConfigSource.DefaultConfig,
                definition.Type, ReadOnly: false, IsSensitive: false, [], definition.Documentation);
        }
    }

    /// <summary>Applies a change to the group's configs after checking every name and value; nothing changes on an error.</summary>
    public ApiError Update(string groupId, ConfigUpdate update, bool validateOnly)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (groupId.Length == 0)
        {
            return new ApiError(ErrorCode.InvalidRequest, "Group name must not be empty.");
        }
        lock (_writeLock)
        {
            var current = _byGroup.TryGetValue(groupId, out var own) ? own : ImmutableSortedDictionary<string, string>.Empty;
            var error = update(current, out var updated);
            if (error.IsError)
            {
                return error;
            }
            foreach (var (name, value) in updated)
            {
                var problem = _definitions.Find(name) is { } definition
                    ? definition.Validate(value) is { } message ? $"Invalid value {value} for configuration {name}: {message}" : null
                    : $"Unknown group config name: {name}";
                if (problem is not null)
                {
                    return ApiError.InvalidConfig(problem);
                }
            }
            if (validateOnly)
            {
                return ApiError.None;
            }
            var next = updated.IsEmpty ? _byGroup.Remove(groupId) : _byGroup.SetItem(groupId, updated);
            if (_path is not null)
            {
                DurableFile.Replace(_path, JsonSerializer.SerializeToUtf8Bytes(next.ToDictionary(g => g.Key, g => g.Value.ToDictionary())));
            }
            _byGroup = next;
            return ApiError.None;
        }
    }

    private static ImmutableDictionary<string, ImmutableSortedDictionary<string, string>> Load(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return ImmutableDictionary<string, ImmutableSortedDictionary<string, string>>.Empty;
        }
        var read = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(File.ReadAllBytes(path)) ?? [];
        return read.ToImmutableDictionary(g => g.Key, g => g.Value.ToImmutableSortedDictionary(StringComparer.Ordinal), StringComparer.Ordinal);
    }
}
