namespace NeuralMath.Data;

/// <summary>Which part of a problem's inputs an example belongs to.</summary>
public enum DataSplit
{
    /// <summary>Used for gradient steps.</summary>
    Train,

    /// <summary>Held out; used for model selection and progress reports during training.</summary>
    Validation,

    /// <summary>Held out; reported once at the end, never used to choose anything.</summary>
    Test,

    /// <summary>Inputs beyond the training range, to measure generalisation.</summary>
    OutOfSample,
}
