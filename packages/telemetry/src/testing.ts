export {
  startOtlpReceiver,
  type AttributeValue,
  type OtlpReceiver,
  type ReceivedSpan,
} from './testing/otlp-receiver.js';
