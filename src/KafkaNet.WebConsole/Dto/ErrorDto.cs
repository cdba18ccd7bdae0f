namespace KafkaNet.WebConsole.Dto;

/// <summary>A refused request: Kafka's error name (TOPIC_ALREADY_EXISTS) and what went wrong.</summary>
internal sealed record ErrorDto(string Error, string Message);
