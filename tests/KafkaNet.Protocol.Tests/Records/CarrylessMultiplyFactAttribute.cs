using KafkaNet.Protocol.Records;

namespace KafkaNet.Protocol.Tests.Records;

/// <summary>A fact that needs the processor's carry-less multiply; skipped, with the reason, where there is none.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CarrylessMultiplyFactAttribute : FactAttribute
{
    public CarrylessMultiplyFactAttribute()
    {
        if (!Crc32CShift.IsSupported)
        {
            Skip = "this processor has no carry-less multiply (PCLMULQDQ), so the shift it implements is not used here";
        }
    }
}
