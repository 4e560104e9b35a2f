// The tests share one trained model and count its decodes (to prove laziness); run them one at a time so
// another test's decoding cannot move that count.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]
