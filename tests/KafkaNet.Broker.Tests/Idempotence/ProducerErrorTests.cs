using KafkaNet.Broker.Handlers;
using KafkaNet.Protocol;
using KafkaNet.Storage.Producers;

namespace KafkaNet.Broker.Tests.Idempotence;

/// <summary>Each refusal of a partition's producer state reaches the producer as Kafka's error code.</summary>
public sealed class ProducerErrorTests
{
    [Theory]
    [InlineData(ProducerAppendError.InvalidProducerEpoch, ErrorCode.InvalidProducerEpoch, 47)]
    [InlineData(ProducerAppendError.OutOfOrderSequence, ErrorCode.OutOfOrderSequenceNumber, 45)]
    [InlineData(ProducerAppendError.UnknownProducerId, ErrorCode.UnknownProducerId, 59)]
    [InlineData(ProducerAppendError.InvalidTxnState, ErrorCode.InvalidTxnState, 48)]
    [InlineData(ProducerAppendError.TransactionCoordinatorFenced, ErrorCode.TransactionCoordinatorFenced, 52)]
    public void Producer_state_refusal_maps_to_Kafka_code(ProducerAppendError error, ErrorCode expected, short wireCode)
    {
        var code = ProduceValidator.ProducerError(error);

        Assert.Equal(expected, code);
        Assert.Equal(wireCode, (short)code);
    }

    [Fact]
    public void Every_producer_state_refusal_has_a_code_of_its_own()
    {
        var codes = Enum.GetValues<ProducerAppendError>().Select(ProduceValidator.ProducerError).ToList();

        Assert.DoesNotContain(ErrorCode.UnknownServerError, codes);
        Assert.Equal(codes.Count, codes.Distinct().Count());
    }
}
