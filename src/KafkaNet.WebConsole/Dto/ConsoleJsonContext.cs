using System.Text.Json;
using System.Text.Json.Serialization;

namespace KafkaNet.WebConsole.Dto;

/// <summary>The console API's JSON, generated at build time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ErrorDto))]
[JsonSerializable(typeof(ClusterDto))]
[JsonSerializable(typeof(List<ConfigEntryDto>))]
[JsonSerializable(typeof(List<TopicSummaryDto>))]
[JsonSerializable(typeof(TopicDto))]
[JsonSerializable(typeof(CreateTopicDto))]
[JsonSerializable(typeof(RecordsDto))]
[JsonSerializable(typeof(List<GroupSummaryDto>))]
[JsonSerializable(typeof(GroupDto))]
[JsonSerializable(typeof(ResetOffsetsDto))]
[JsonSerializable(typeof(ResetResultDto))]
[JsonSerializable(typeof(SecurityDto))]
[JsonSerializable(typeof(SessionDto))]
[JsonSerializable(typeof(SignInDto))]
internal sealed partial class ConsoleJsonContext : JsonSerializerContext;
