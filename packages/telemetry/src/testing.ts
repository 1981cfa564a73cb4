export {
  startOtlpReceiver,
  type AttributeValue,
  type OtlpReceiver,
  type ReceivedSpan,
  type ReceivedAnnotation,
} from './testing/otlp-receiver.js';
