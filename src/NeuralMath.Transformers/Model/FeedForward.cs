using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralMath.Model;

/// <summary>Position-wise feed-forward block: Linear → ReLU → Dropout → Linear.</summary>
internal sealed class FeedForward : nn.Module<Tensor, Tensor>
{
    private readonly Linear linear1, linear2;
    private readonly FastDropout dropout;

    public FeedForward(string name, int modelDim, int hiddenDim, double dropoutRate) : base(name)
    {
        linear1 = nn.Linear(modelDim, hiddenDim);
        dropout = new FastDropout(dropoutRate);
        linear2 = nn.Linear(hiddenDim, modelDim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        // Intermediates are released by the caller's dispose scope.
        return linear2.forward(dropout.forward(nn.functional.relu(linear1.forward(x))));
    }
}
